using TaskMaster.Benchmarks;
using TaskMaster.Dashboard.Tests.Support;

namespace TaskMaster.Dashboard.Tests;

/// <summary>
/// The dashboard of a live 100,000-task run, in real Chromium, served by a real
/// <c>task-master execute --monitor</c> on a generated queue in ten phases: the page opens, follows
/// the run, and draws the graph with its phases collapsed.
/// </summary>
public sealed class DashboardScaleTests(BrowserFixture browser)
{
    private const int Tasks = 100_000;

    [Fact]
    public async Task Dashboard_HundredThousandTaskRun_OpensAndShowsPhasesCollapsed()
    {
        var workspace = new QueueWorkspace("");
        BenchQueues.WriteMarkdown(workspace.QueueFile, QueueShape.Phased, Tasks);
        await using var run = await MonitoredRun.StartInAsync(workspace, "-j", "2");
        await using var tab = await browser.OpenAsync(run.Url.ToString());
        await tab.WaitForLiveAsync();
        await Assertions.Expect(tab.TestId("completed")).ToContainTextAsync($"of {Tasks} tasks finished", new() { Timeout = 60_000 });

        await tab.ShowAsync("graph");

        await Assertions.Expect(tab.TestId("graph-info"))
            .ToContainTextAsync($"{Tasks} tasks, {BenchQueues.DefaultPhases} nodes shown", new() { Timeout = 60_000 });
        // Still following the run: a task of the first phase succeeds after the page has opened.
        await tab.WaitForStateAsync(BenchQueues.TaskId(QueueShape.Phased, 0, 500), "succeeded");
        Assert.Empty(tab.ScriptErrors);
    }
}
