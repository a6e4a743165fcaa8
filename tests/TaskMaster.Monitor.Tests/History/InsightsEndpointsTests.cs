using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TaskMaster.Monitor.Alerts;
using TaskMaster.Monitor.History;
using TaskMaster.Monitor.Tests.Support;

namespace TaskMaster.Monitor.Tests.History;

public sealed class InsightsEndpointsTests : IAsyncLifetime
{
    private ReportedRun _run = null!;
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _run = await ReportedRun.CreateAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapMonitorInsights(_run.Home, ReportedRun.RunId);
        await _app.StartAsync();
        _client = new HttpClient { BaseAddress = new Uri(_app.Urls.First()) };
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        _run.Dispose();
    }

    [Fact]
    public async Task GetHistory_RunOnDisk_SnakeCaseContractShape()
    {
        new SampleStore(_run.Home, ReportedRun.RunId).Append(new HistorySample(
            ReportedRun.Start.ToUnixTimeMilliseconds(), 1, 2, 3, 0, 0, "none", 1, 0, 0, 0, 1, 1, 0, [new TaskSample("a", 50, 4096)]));

        var history = await _client.GetFromJsonAsync<JsonElement>("/api/v1/history", TestContext.Current.CancellationToken);

        Assert.Equal(ReportedRun.RunId, history.GetProperty("run_id").GetString());
        Assert.Equal(7, history.GetProperty("timeline").GetArrayLength());
        var sample = Assert.Single(history.GetProperty("samples").EnumerateArray());
        Assert.Equal(50, sample.GetProperty("tasks")[0].GetProperty("cpu_percent").GetDouble());
    }

    [Fact]
    public async Task GetAlerts_FiredAndResolved_FiringFirst()
    {
        var center = new AlertCenter(_run.Home, ReportedRun.RunId, NullLogger.Instance, feed: null, registry: null, notifiers: null);
        var tracker = new AlertTracker(ReportedRun.RunId, TimeSpan.Zero);
        center.Publish(tracker.Evaluate([new AlertCondition(AlertNames.RunStalled, null, Verdict.Breach, AlertSeverity.Critical, "s", "d")], ReportedRun.Start));
        center.Publish(tracker.Evaluate([new AlertCondition(AlertNames.RunStalled, null, Verdict.Clear, AlertSeverity.Critical, "s", "d"),
            new AlertCondition(AlertNames.PersistentFailures, "e", Verdict.Breach, AlertSeverity.Critical, "s", "d")], ReportedRun.Start.AddMinutes(1)));

        var alerts = (await _client.GetFromJsonAsync<JsonElement>("/api/v1/alerts", TestContext.Current.CancellationToken)).GetProperty("alerts");

        Assert.Equal([("PersistentFailures", "firing"), ("RunStalled", "resolved")],
            alerts.EnumerateArray().Select(a => (a.GetProperty("name").GetString(), a.GetProperty("state").GetString())));
        Assert.Equal("e", alerts[0].GetProperty("labels").GetProperty("task_id").GetString());
    }
}
