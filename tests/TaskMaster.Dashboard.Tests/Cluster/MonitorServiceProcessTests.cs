using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using TaskMaster.Core.Events;
using TaskMaster.Core.Scheduling;
using TaskMaster.Dashboard.Tests.Support;
using TaskMaster.Dashboard.Tests.Support.Cluster;
using TaskMaster.IntegrationTests.Messaging;
using TaskMaster.IntegrationTests.Services;
using TaskMaster.LocalHome;
using TaskMaster.Worker;

namespace TaskMaster.Dashboard.Tests.Cluster;

/// <summary>
/// The dashboard as the monitor service process serves it, over a real Redis: a run's events land in
/// its stream (journaled as the scheduler journals them) and the page the browser shows follows them.
/// </summary>
public sealed class MonitorServiceProcessTests(BrowserFixture browser, MonitorServiceStack stack, ITestOutputHelper output) : IClassFixture<MonitorServiceStack>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Dashboard_ServedByTheServiceProcess_UpdatesLiveAsEventsLandInRedis()
    {
        await using var run = await JournaledRun.StartAsync(stack.Redis, Path.Combine(stack.Folder, "live"), Cancel);
        await run.WriteAsync([new TaskStarted(DateTimeOffset.UtcNow, "a", 1)], Cancel);
        await using var tab = await browser.OpenAsync(await RunPageAsync(run.RunId));
        await tab.WaitForStateAsync("a", "running");

        var now = DateTimeOffset.UtcNow;
        await run.WriteAsync([new TaskSucceeded(now, "a", 1, 0, TimeSpan.FromSeconds(1)), new TaskStarted(now, "b", 1)], Cancel);

        await tab.WaitForStateAsync("a", "succeeded", TimeSpan.FromSeconds(10));
        await tab.WaitForStateAsync("b", "running", TimeSpan.FromSeconds(10));
        Assert.Empty(tab.ScriptErrors);
    }

    /// <summary>
    /// A benchmark, not a timed assert (docs/benchmarks.md): the same 1,000 `true` tasks behind a gate,
    /// first run embedded (<c>task-master execute --monitor</c>), then by a real scheduler journaling into
    /// Redis with the monitor service process folding the stream; each state change timed from its
    /// journal event to the DOM. Both lines go to the output and to dashboard-latency-monitor-service-redis.txt.
    /// </summary>
    [Fact]
    public async Task MonitorServiceProcess_ThousandFastTasksThroughRedis_EveryStateChangeTimedAgainstTheEmbeddedDashboard()
    {
        var embedded = await EmbeddedFiguresAsync();
        var service = await ServiceFiguresAsync();

        var lines = $"{embedded.Line}\n{service.Line}\n";
        output.WriteLine(lines);
        await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, "dashboard-latency-monitor-service-redis.txt"), lines, Cancel);
        Assert.True(embedded.Changes >= DashboardLatencyTests.Tasks, embedded.Line);
        Assert.True(service.Changes >= DashboardLatencyTests.Tasks, service.Line);
    }

    private async Task<(int Changes, string Line)> EmbeddedFiguresAsync()
    {
        await using var run = await MonitoredRun.StartAsync(DashboardLatencyTests.Queue());
        await using var tab = await browser.OpenAsync(run.Url.ToString());
        return await MeasureAsync(tab, () => File.WriteAllTextAsync(run.Workspace.PathOf("release"), "", Cancel), "embedded (task-master execute --monitor)");
    }

    private async Task<(int Changes, string Line)> ServiceFiguresAsync()
    {
        await using var run = await JournaledRun.CreateAsync(stack.Redis, Path.Combine(stack.Folder, "latency"), DashboardLatencyTests.Queue(), Cancel);
        await using var executor = new ProcessTaskExecutor(
            new ProcessExecutorOptions { Home = new HomeLayout(Path.Combine(stack.Folder, "latency-home")) }, TimeProvider.System, NullLogger<ProcessTaskExecutor>.Instance);
        var options = new SchedulerOptions { RunId = run.RunId, Concurrency = 8, CpuCapacity = 64, MemoryCapacity = 1L << 40, Autonomous = true };
        var scheduling = new RunScheduler(run.Queue, options, executor, run.Journal, [], TimeProvider.System).RunAsync(Cancel);
        await using var tab = await browser.OpenAsync(await RunPageAsync(run.RunId));
        var figures = await MeasureAsync(tab, () => File.WriteAllTextAsync(Path.Combine(run.Queue.BaseDirectory, "release"), "", Cancel),
            "the monitor service process over Redis (a scheduler journaling into Redis in the test process)");
        await scheduling.WaitAsync(TimeSpan.FromMinutes(2), Cancel);
        return figures;
    }

    private static async Task<(int Changes, string Line)> MeasureAsync(DashboardPage tab, Func<Task> release, string through)
    {
        await tab.WaitForStateAsync("start", "running");
        await tab.Page.EvaluateAsync(LatencyProbe.Recorder);
        await release();
        await tab.Page.EvaluateAsync(LatencyProbe.AllFinished, DashboardLatencyTests.Tasks + 1).WaitAsync(TimeSpan.FromMinutes(5), Cancel);
        var figures = await LatencyProbe.MeasureAsync(tab.Page);
        var latencies = figures.Stage(0);
        var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{DashboardLatencyTests.Tasks} `true` tasks, concurrency 8, overview shown, {through}: {latencies.Length} state changes, journal event to DOM {figures.Describe(0)}, max {latencies[^1]:F0} ms; "
            + $"to the update (event to published_at) {figures.Describe(1)}, on the way {figures.Describe(2)}, in the page {figures.Describe(3)}; load {load}");
        Assert.Empty(tab.ScriptErrors);
        return (latencies.Length, line);
    }

    /// <summary>The run's page, once the service has folded its start (before, the path is no run's).</summary>
    private async Task<string> RunPageAsync(string runId)
    {
        using var http = new HttpClient();
        var page = stack.RunPage(runId);
        await Await.ConditionAsync(async () => (await http.GetAsync(new Uri(page, "api/v1/tasks"), Cancel)).IsSuccessStatusCode,
            TimeSpan.FromSeconds(30), $"run {runId} on the monitor service", stack.Service.LogTail);
        return page.ToString();
    }
}
