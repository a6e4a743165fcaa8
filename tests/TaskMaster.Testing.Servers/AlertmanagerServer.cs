using System.Net.Http.Json;

namespace TaskMaster.Testing.Servers;

/// <summary>
/// Alertmanager on loopback (scripts/servers/alertmanager.sh) sending every notification, resolved
/// ones too, at once to <see cref="Webhook"/>, a receiver in the test process.
/// </summary>
public sealed class AlertmanagerServer : RealServer
{
    private AlertmanagerServer(ServerScript script, WebhookReceiver webhook)
        : base(script)
    {
        Url = new Uri(script["ALERTMANAGER_URL"]);
        Webhook = webhook;
    }

    public Uri Url { get; }

    /// <summary>host:port, as Prometheus's alerting configuration takes it.</summary>
    public string HostPort => $"{Url.Host}:{Url.Port}";

    public WebhookReceiver Webhook { get; }

    public static async Task<AlertmanagerServer> StartAsync(ServerRoot root, string instance = "alertmanager", CancellationToken cancellationToken = default)
    {
        var webhook = await WebhookReceiver.StartAsync();
        var script = root.Script("alertmanager", instance);
        try
        {
            await script.StartAsync(["--webhook", webhook.Url.ToString()], cancellationToken);
        }
        catch
        {
            await webhook.DisposeAsync();
            throw;
        }
        return new AlertmanagerServer(script, webhook);
    }

    /// <summary>Posts alerts as Prometheus does (POST /api/v2/alerts): objects with labels, annotations, startsAt, endsAt.</summary>
    public async Task PostAlertsAsync(IEnumerable<object> alerts)
    {
        using var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(30) };
        using var response = await http.PostAsJsonAsync("api/v2/alerts", alerts);
        response.EnsureSuccessStatusCode();
    }

    protected override ValueTask DisposeCompanionsAsync() => Webhook.DisposeAsync();
}
