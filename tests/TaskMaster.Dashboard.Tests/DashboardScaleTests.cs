using System.Globalization;
using Microsoft.Playwright;
using TaskMaster.Benchmarks;
using TaskMaster.Dashboard.Tests.Support;

namespace TaskMaster.Dashboard.Tests;

/// <summary>
/// The dashboard of a live 100,000-task run, in real Chromium, served by a real
/// <c>task-master execute --monitor</c> on a generated queue in ten phases: the page opens, follows
/// the run, and draws the graph with its phases collapsed. <c>TASKMASTER_SCALE_DASHBOARD_TASKS</c>
/// sets another size, to try a million by hand (docs/benchmarks-scale.md).
/// </summary>
public sealed class DashboardScaleTests(BrowserFixture browser, ITestOutputHelper output)
{
    private static readonly int Tasks = Environment.GetEnvironmentVariable("TASKMASTER_SCALE_DASHBOARD_TASKS") is { Length: > 0 } size
        ? int.Parse(size, CultureInfo.InvariantCulture)
        : 100_000;

    // Generous: the page's work grows with the run, and the machine is shared.
    private static readonly float Patience = 60_000f * Math.Max(1, Tasks / 100_000);

    [Fact]
    public async Task Dashboard_HundredThousandTaskRun_OpensAndShowsPhasesCollapsed()
    {
        var workspace = new QueueWorkspace("");
        BenchQueues.WriteMarkdown(workspace.QueueFile, QueueShape.Phased, Tasks);
        await using var run = await MonitoredRun.StartInAsync(workspace, "-j", "2");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var tab = await browser.OpenAsync(run.Url.ToString());
        await tab.WaitForLiveAsync();
        await Assertions.Expect(tab.TestId("completed")).ToContainTextAsync($"of {Tasks} tasks finished", new() { Timeout = Patience });
        var overview = clock.Elapsed;

        clock.Restart();
        await tab.ShowAsync("graph");
        await Assertions.Expect(tab.TestId("graph-info"))
            .ToContainTextAsync($"{Tasks} tasks, {BenchQueues.DefaultPhases} nodes shown", new() { Timeout = Patience });
        var graph = clock.Elapsed;
        // Following the run: the first task's end reaches the page (one that ends later would race a loaded machine).
        await tab.WaitForStateAsync(BenchQueues.TaskId(QueueShape.Phased, 0, 0), "succeeded", TimeSpan.FromMilliseconds(Patience));
        var heap = await tab.Page.EvaluateAsync<double>("() => performance.memory?.usedJSHeapSize ?? 0");
        output.WriteLine($"{Tasks} tasks: overview live in {overview.TotalSeconds:0.0} s, graph (phases collapsed) in {graph.TotalSeconds:0.0} s, JS heap {heap / (1 << 20):0} MiB");
        Assert.Empty(tab.ScriptErrors);
    }
}
