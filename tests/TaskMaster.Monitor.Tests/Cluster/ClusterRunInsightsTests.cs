using System.Net;
using System.Text.Json;
using TaskMaster.Core.Events;
using TaskMaster.Core.Policies;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.Tests.Scheduling;
using TaskMaster.Monitor.History;
using TaskMaster.Monitor.Tests.Support;
using static TaskMaster.Core.Tests.TestQueues;

namespace TaskMaster.Monitor.Tests.Cluster;

/// <summary>A run of the cluster's history, alerts and report, served by the monitor service from the events it folded.</summary>
public sealed class ClusterRunInsightsTests : IAsyncLifetime
{
    private const string RunId = "run-insights";

    private ClusterHarness _cluster = null!;
    private MonitorServiceHost _host = null!;

    /// <summary>A run where <c>ok</c> and <c>after</c> (which needs it) succeed and <c>bad</c> fails for good, folded by the monitor service to its end.</summary>
    public async ValueTask InitializeAsync()
    {
        _cluster = new ClusterHarness();
        var (done, _, _) = _cluster.StartRun(RunId, QueueOf(TaskDef("ok"), TaskDef("bad"), TaskDef("after", "ok")), new ScriptedExecutor(l => l.Task.Id == "bad"
            ? TaskAttemptResult.Failure(l, TaskFailureKind.ExitCode, "exit code 3", TimeSpan.FromMilliseconds(5), exitCode: 3)
            : TaskAttemptResult.Success(l, 0, TimeSpan.FromMilliseconds(5))));
        await done.WaitAsync(ClusterHarness.Timeout);
        _host = await MonitorServiceHost.StartAsync(_cluster.Runs);
        await _host.Monitor.FirstRead.WaitAsync(ClusterHarness.Timeout);
        _host.Monitor.TryGet(RunId, out var run);
        await ClusterHarness.UntilAsync(run, r => r.Ended || r.Problem is not null);
        Assert.Null(run.Problem);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _cluster.DisposeAsync();
    }

    private async Task<List<RunEvent>> EventsOfAsync()
    {
        var events = new List<RunEvent>();
        await foreach (var e in _cluster.Runs.ReadAsync(RunId, 0, follow: false)) events.Add(e);
        return events;
    }

    [Fact]
    public async Task History_RunOfTheCluster_IsTheTimelineAndErrorsItsEventsGiveAsEmbedded()
    {
        var expected = HistoryBuilder.Of(RunId, await EventsOfAsync());

        using var history = JsonDocument.Parse(await _host.Http.GetStringAsync("runs/run-insights/api/v1/history"));

        Assert.Equal(JsonSerializer.Serialize(expected.Timeline, InsightsJson.Options), history.RootElement.GetProperty("timeline").GetRawText());
        Assert.Equal(JsonSerializer.Serialize(expected.Errors, InsightsJson.Options), history.RootElement.GetProperty("errors").GetRawText());
        Assert.Equal(3, history.RootElement.GetProperty("timeline").GetArrayLength());
    }

    [Fact]
    public async Task History_RunOfTheCluster_ItsSamplesCarryTheRunsFiguresAndNotTheMonitorsOwnProcess()
    {

        using var history = JsonDocument.Parse(await _host.Http.GetStringAsync("runs/run-insights/api/v1/history"));

        var last = history.RootElement.GetProperty("samples").EnumerateArray().Last();
        Assert.Equal((3, 1), (last.GetProperty("finished").GetInt32(), last.GetProperty("failed").GetInt32()));
        Assert.Equal((0.0, 0L, 0L, 0), (last.GetProperty("cpu_percent").GetDouble(), last.GetProperty("memory_bytes").GetInt64(),
            last.GetProperty("memory_budget_bytes").GetInt64(), last.GetProperty("tasks").GetArrayLength()));
    }

    [Fact]
    public async Task Alerts_RunOfTheCluster_AnswersTheAlertList()
    {

        using var alerts = JsonDocument.Parse(await _host.Http.GetStringAsync("runs/run-insights/api/v1/alerts"));

        Assert.Equal(JsonValueKind.Array, alerts.RootElement.GetProperty("alerts").ValueKind);
    }

    [Fact]
    public async Task Report_FailedRunOfTheCluster_CountsItsTasksAndPointsAtTheLogTheMonitorServes()
    {

        using var report = JsonDocument.Parse(await _host.Http.GetStringAsync("runs/run-insights/api/v1/report"));

        var root = report.RootElement;
        Assert.Equal((RunId, "failed", false), (root.GetProperty("run_id").GetString(), root.GetProperty("state").GetString(), root.GetProperty("live").GetBoolean()));
        var counts = root.GetProperty("counts");
        Assert.Equal((3, 2, 1), (counts.GetProperty("total").GetInt32(), counts.GetProperty("succeeded").GetInt32(), counts.GetProperty("failed").GetInt32()));
        var failed = Assert.Single(root.GetProperty("failed_tasks").EnumerateArray());
        Assert.Equal(("bad", "/runs/run-insights/api/v1/tasks/bad/log"), (failed.GetProperty("id").GetString(), failed.GetProperty("log_path").GetString()));
        using var log = await _host.Http.GetAsync(failed.GetProperty("log_path").GetString()!.TrimStart('/'));
        Assert.NotEqual(HttpStatusCode.NotFound, log.StatusCode);
    }

    [Fact]
    public async Task Report_AsMarkdownAndAsThePage_RendersTheSameReport()
    {

        var markdown = await _host.Http.GetStringAsync("runs/run-insights/api/v1/report?format=md");
        using var page = await _host.Http.GetAsync("runs/run-insights/report");
        var html = await page.Content.ReadAsStringAsync();

        Assert.StartsWith("# Run report: run-insights", markdown, StringComparison.Ordinal);
        Assert.Contains("exit code 3", markdown, StringComparison.Ordinal);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<script id=\"tm-report-data\" type=\"application/json\">{\"report_version\":1", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_UnknownFormat_RefusedNamingTheFormatsItKnows()
    {

        using var response = await _host.Http.GetAsync("runs/run-insights/api/v1/report?format=pdf");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("unknown report format 'pdf': expected json, md or html", body.RootElement.GetProperty("error").GetString());
    }
}
