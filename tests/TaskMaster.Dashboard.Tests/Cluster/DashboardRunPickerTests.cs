using Microsoft.Playwright;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.Tests;
using TaskMaster.Core.Tests.Scheduling;
using TaskMaster.Dashboard.Tests.Support;
using TaskMaster.Monitor.Tests.Support;

namespace TaskMaster.Dashboard.Tests.Cluster;

/// <summary>The dashboard as the cluster's monitor service serves it: every run's, with a picker between them.</summary>
public sealed class DashboardRunPickerTests(BrowserFixture browser)
{
    [Fact]
    public async Task RunPicker_TwoRunsInTheCluster_ListsBothAndChoosingOneShowsThatRun()
    {
        await using var cluster = new ClusterHarness();
        var (first, _, _) = cluster.StartRun("run-one", TestQueues.Diamond(), new ScriptedExecutor());
        await first.WaitAsync(ClusterHarness.Timeout);
        var (second, _, _) = cluster.StartRun("run-two", TestQueues.QueueOf(TestQueues.TaskDef("only")) with { Name = "second", ContentHash = "second" }, new ScriptedExecutor());
        await second.WaitAsync(ClusterHarness.Timeout);
        await using var host = await MonitorServiceHost.StartAsync(cluster.Runs);
        await host.Monitor.FirstRead.WaitAsync(ClusterHarness.Timeout);
        await using var tab = await browser.OpenAsync(new Uri(host.Http.BaseAddress!, "/").ToString());
        var picker = tab.TestId("run-picker");

        await Assertions.Expect(picker.Locator("option")).ToHaveCountAsync(2);
        await Assertions.Expect(tab.TestId("run-name")).ToContainTextAsync("run run-two");
        await picker.SelectOptionAsync("run-one");
        // The address changes as the navigation commits; its load (and the new page's feed) follows.
        await Assertions.Expect(tab.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/runs/run-one/$"), new() { Timeout = 30_000 });

        await Assertions.Expect(tab.TestId("run-name")).ToContainTextAsync("run run-one");
        await Assertions.Expect(picker).ToHaveValueAsync("run-one");
        await tab.WaitForStateAsync("d", "succeeded");
        Assert.Empty(tab.ScriptErrors);
    }

    [Fact]
    public async Task RunDashboard_ThroughTheMonitorService_FollowsTheRunLive()
    {
        await using var cluster = new ClusterHarness();
        var executor = new ScriptedExecutor(launch => launch.Task.Id == "d" ? null : TaskAttemptResult.Success(launch, 0, TimeSpan.FromMilliseconds(1)));
        var (done, _, _) = cluster.StartRun("run-live", TestQueues.Diamond(), executor);
        await executor.WaitForLaunch(4).Task.WaitAsync(ClusterHarness.Timeout);
        await using var host = await MonitorServiceHost.StartAsync(cluster.Runs);
        await host.Monitor.FirstRead.WaitAsync(ClusterHarness.Timeout);
        await using var tab = await browser.OpenAsync(new Uri(host.Http.BaseAddress!, "/runs/run-live/").ToString());
        await tab.WaitForStateAsync("d", "running");

        executor.Succeed("d");

        await tab.WaitForStateAsync("d", "succeeded");
        await done.WaitAsync(ClusterHarness.Timeout);
        Assert.Empty(tab.ScriptErrors);
    }

    [Fact]
    public async Task ReportLink_RunOfTheCluster_OpensThatRunsReportPage()
    {
        await using var cluster = new ClusterHarness();
        var (done, _, _) = cluster.StartRun("run-reported", TestQueues.Diamond(), new ScriptedExecutor());
        await done.WaitAsync(ClusterHarness.Timeout);
        await using var host = await MonitorServiceHost.StartAsync(cluster.Runs);
        await host.Monitor.FirstRead.WaitAsync(ClusterHarness.Timeout);
        await using var tab = await browser.OpenAsync(new Uri(host.Http.BaseAddress!, "/runs/run-reported/").ToString());
        await tab.WaitForStateAsync("d", "succeeded");

        var report = await tab.Page.Context.RunAndWaitForPageAsync(() => tab.TestId("run-report").ClickAsync());

        await Assertions.Expect(report).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/runs/run-reported/report$"));
        await Assertions.Expect(report.Locator("body")).ToContainTextAsync("run-reported");
        Assert.Empty(tab.ScriptErrors);
    }
}
