using System.Net.Http.Json;
using System.Text.Json;

namespace TaskMaster.IntegrationTests.Monitor;

/// <summary>What a test asks a real Alertmanager's v2 API: the alerts it holds for a run, and silences.</summary>
internal sealed class AlertmanagerApi(Uri url) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>The alerts Alertmanager lists with <c>run_id</c> = <paramref name="runId"/>, silenced and inhibited ones too.</summary>
    public async Task<IReadOnlyList<JsonElement>> AlertsOfRunAsync(string runId)
    {
        var filter = Uri.EscapeDataString($"run_id=\"{runId}\"");
        var alerts = await _http.GetFromJsonAsync<JsonElement>($"api/v2/alerts?filter={filter}&silenced=true&inhibited=true&active=true");
        return [.. alerts.EnumerateArray()];
    }

    /// <summary>Polls until the run's alerts satisfy <paramref name="done"/> (Alertmanager has no push API for them).</summary>
    public async Task<IReadOnlyList<JsonElement>> WaitForRunAsync(string runId, Func<IReadOnlyList<JsonElement>, bool> done, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        IReadOnlyList<JsonElement> alerts = [];
        while (true)
        {
            alerts = await AlertsOfRunAsync(runId);
            if (done(alerts)) return alerts;
            try
            {
                await poll.WaitForNextTickAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"after {timeout} Alertmanager lists for {runId}: {JsonSerializer.Serialize(alerts)}");
            }
        }
    }

    /// <summary>Silences every alert whose <c>run_id</c> is <paramref name="runId"/> for an hour; returns the silence's id.</summary>
    public async Task<string> SilenceRunAsync(string runId)
    {
        var now = DateTimeOffset.UtcNow;
        using var response = await _http.PostAsJsonAsync("api/v2/silences", new
        {
            matchers = new[] { new { name = "run_id", value = runId, isRegex = false, isEqual = true } },
            startsAt = now.AddSeconds(-1),
            endsAt = now.AddHours(1),
            createdBy = "TaskMaster.IntegrationTests",
            comment = "a test silences its own run",
        });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("silenceID").GetString()!;
    }

    public void Dispose() => _http.Dispose();
}
