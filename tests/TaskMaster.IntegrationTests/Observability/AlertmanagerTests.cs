using System.Text.Json;
using TaskMaster.IntegrationTests.Fixtures;

namespace TaskMaster.IntegrationTests.Observability;

/// <summary>A real Alertmanager taking an alert on its v2 API and notifying a webhook, firing and then resolved.</summary>
public sealed class AlertmanagerTests(Servers servers)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Alert_PostedThenEnded_NotifiesTheWebhookFiringThenResolved()
    {
        var name = $"TaskMasterSmoke{Guid.NewGuid():N}"[..30];
        var startsAt = DateTimeOffset.UtcNow.AddSeconds(-5);
        object Alert(DateTimeOffset? endsAt) => new
        {
            labels = new Dictionary<string, string> { ["alertname"] = name, ["severity"] = "warning" },
            annotations = new Dictionary<string, string> { ["summary"] = "a smoke test's alert" },
            startsAt,
            endsAt,
        };

        await servers.Alertmanager.PostAlertsAsync([Alert(null)]);
        var firing = await servers.Alertmanager.Webhook.WaitForAsync(body => Is(body, name, "firing"), Timeout);
        await servers.Alertmanager.PostAlertsAsync([Alert(DateTimeOffset.UtcNow)]);
        var resolved = await servers.Alertmanager.Webhook.WaitForAsync(body => Is(body, name, "resolved"), Timeout);

        Assert.Equal("warning", firing.GetProperty("alerts")[0].GetProperty("labels").GetProperty("severity").GetString());
        Assert.Equal("resolved", resolved.GetProperty("alerts")[0].GetProperty("status").GetString());
    }

    private static bool Is(JsonElement notification, string alertName, string status) =>
        notification.GetProperty("status").GetString() == status
        && notification.GetProperty("groupLabels").TryGetProperty("alertname", out var name)
        && name.GetString() == alertName;
}
