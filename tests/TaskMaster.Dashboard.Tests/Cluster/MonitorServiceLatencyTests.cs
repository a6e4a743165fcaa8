using System.Globalization;
using Microsoft.Playwright;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.Tests;
using TaskMaster.Core.Tests.Scheduling;
using TaskMaster.Dashboard.Tests.Support;
using TaskMaster.Monitor.Tests.Support;

namespace TaskMaster.Dashboard.Tests.Cluster;

/// <summary>
/// Freshness through the cluster's monitor service: 1,000 tasks of 50 ms of a real scheduler journaled
/// into a run's event stream, folded by the monitor service, served to the browser as that run's
/// dashboard; every state change timed from its journal event to the DOM (<see cref="LatencyProbe"/>).
/// A benchmark, not a timed assert: the figures go to the output and to
/// dashboard-latency-monitor-service.txt beside the tests (docs/benchmarks.md).
/// </summary>
public sealed class MonitorServiceLatencyTests(BrowserFixture browser, ITestOutputHelper output)
{
    private const int Tasks = 1000;

    private static readonly TimeSpan TaskTime = TimeSpan.FromMilliseconds(50);

    [Fact]
    public async Task MonitorService_ThousandShortTasks_EveryStateChangeReachesTheDomAndIsTimed()
    {
        var queue = TestQueues.QueueOf([TestQueues.TaskDef("start"), .. Enumerable.Range(0, Tasks).Select(i => TestQueues.TaskDef($"t{i:D4}", "start"))]);
        await using var cluster = new ClusterHarness();
        // Each task takes 50 ms, as a short process would: its start and its end are two changes a person sees.
        ScriptedExecutor executor = null!;
        executor = new ScriptedExecutor(launch =>
        {
            if (launch.Task.Id != "start")
                _ = Task.Delay(TaskTime).ContinueWith(_ => executor.Complete(TaskAttemptResult.Success(launch, 0, TaskTime)), TaskScheduler.Default);
            return null;
        });
        var (done, _, _) = cluster.StartRun("run-latency", queue, executor, concurrency: 8);
        await using var host = await MonitorServiceHost.StartAsync(cluster.Runs);
        await host.Monitor.FirstRead.WaitAsync(ClusterHarness.Timeout);
        await using var tab = await browser.OpenAsync(new Uri(host.Http.BaseAddress!, "/runs/run-latency/").ToString());
        await tab.WaitForStateAsync("start", "running");
        await tab.Page.EvaluateAsync(LatencyProbe.Recorder);

        executor.Succeed("start");
        await tab.Page.EvaluateAsync(LatencyProbe.AllFinished, Tasks + 1).WaitAsync(TimeSpan.FromMinutes(5));
        await done.WaitAsync(ClusterHarness.Timeout);

        var figures = await LatencyProbe.MeasureAsync(tab.Page);
        var latencies = figures.Stage(0);
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{Tasks} tasks of 50 ms, concurrency 8, through the monitor service (in-memory event stream): {latencies.Length} state changes, journal event to DOM {figures.Describe(0)}, max {latencies[^1]:F0} ms; "
            + $"of which to the service's update (event to published_at) {figures.Describe(1)}, on the way (to the page's store) {figures.Describe(2)}, "
            + $"in the page (store to DOM) {figures.Describe(3)}");
        output.WriteLine(line);
        await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, "dashboard-latency-monitor-service.txt"), line + "\n");

        Assert.True(latencies.Length >= Tasks, $"only {latencies.Length} state changes were seen in the DOM");
        Assert.Empty(tab.ScriptErrors);
    }
}
