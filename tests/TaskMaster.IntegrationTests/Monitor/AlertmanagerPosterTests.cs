using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using TaskMaster.IntegrationTests.Fixtures;
using TaskMaster.Monitor.Alerts;

namespace TaskMaster.IntegrationTests.Monitor;

/// <summary>The monitor's alerts posted to a real Alertmanager: listed with our labels, ended when resolved, silenced by its silences.</summary>
public sealed class AlertmanagerPosterTests(Servers servers) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _runId = $"run-it-{Guid.NewGuid():N}"[..24];
    private readonly AlertmanagerApi _api = new(servers.Alertmanager.Url);

    private Alert Stalled(AlertState state = AlertState.Firing, DateTimeOffset? endsAt = null) => new(
        $"RunStalled@{_runId}", AlertNames.RunStalled, AlertSeverity.Critical, state,
        "The run has made no progress for 10m", "3 tasks left, 0 running.", DateTimeOffset.UtcNow.AddMinutes(-1), endsAt,
        new Dictionary<string, string> { ["run_id"] = _runId, ["task_id"] = "build" });

    private AlertmanagerPoster Poster() => new(
        new AlertmanagerOptions { Url = servers.Alertmanager.Url, ExternalUrl = "http://127.0.0.1:7420/" },
        TimeProvider.System, NullLogger.Instance);

    [Fact]
    public async Task Fire_AlertmanagerListsTheAlertWithOurLabelsAndAnnotations()
    {
        await using var poster = Poster();

        poster.Enqueue(Stalled());
        var listed = await _api.WaitForRunAsync(_runId, alerts => alerts.Count > 0, Timeout);

        var alert = Assert.Single(listed);
        var labels = alert.GetProperty("labels");
        Assert.Equal("RunStalled", labels.GetProperty("alertname").GetString());
        Assert.Equal("critical", labels.GetProperty("severity").GetString());
        Assert.Equal("build", labels.GetProperty("task_id").GetString());
        Assert.Equal("The run has made no progress for 10m", alert.GetProperty("annotations").GetProperty("summary").GetString());
        Assert.Equal("active", alert.GetProperty("status").GetProperty("state").GetString());
    }

    [Fact]
    public async Task Resolve_AlertmanagerEndsTheAlertAndNotifiesItResolved()
    {
        await using var poster = Poster();
        poster.Enqueue(Stalled());
        await _api.WaitForRunAsync(_runId, alerts => alerts.Count > 0, Timeout);

        poster.Enqueue(Stalled(AlertState.Resolved, DateTimeOffset.UtcNow));
        var notified = await servers.Alertmanager.Webhook.WaitForAsync(body => IsOfRun(body, "resolved"), Timeout);
        var listed = await _api.WaitForRunAsync(_runId, alerts => alerts.Count == 0, Timeout);

        Assert.Equal("resolved", notified.GetProperty("alerts").EnumerateArray().First(IsOurs).GetProperty("status").GetString());
        Assert.Empty(listed);
    }

    [Fact]
    public async Task Fire_RunSilencedInAlertmanager_TheAlertIsSuppressedBySilence()
    {
        var silence = await _api.SilenceRunAsync(_runId);
        await using var poster = Poster();

        poster.Enqueue(Stalled());
        var listed = await _api.WaitForRunAsync(_runId, alerts => alerts.Count > 0 && State(alerts[0]) == "suppressed", Timeout);

        var silencedBy = listed[0].GetProperty("status").GetProperty("silencedBy").EnumerateArray().Select(s => s.GetString());
        Assert.Contains(silence, silencedBy);
    }

    private static string? State(JsonElement alert) => alert.GetProperty("status").GetProperty("state").GetString();

    private bool IsOurs(JsonElement alert) =>
        alert.GetProperty("labels").TryGetProperty("run_id", out var run) && run.GetString() == _runId;

    private bool IsOfRun(JsonElement notification, string status) =>
        notification.GetProperty("alerts").EnumerateArray().Any(a => IsOurs(a) && a.GetProperty("status").GetString() == status);

    public void Dispose() => _api.Dispose();
}
