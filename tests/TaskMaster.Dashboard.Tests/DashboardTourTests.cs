using Microsoft.Playwright;
using TaskMaster.Dashboard.Tests.Support;

namespace TaskMaster.Dashboard.Tests;

/// <summary>
/// The README's demo queue (examples/demo) run for real, every view checked for what it must show
/// and photographed: these are the README's screenshots
/// (<c>TASKMASTER_SCREENSHOTS=$PWD/docs/images</c>, see dashboard/README.md).
/// </summary>
public sealed class DashboardTourTests(BrowserFixture browser)
{
    [Fact]
    public async Task DemoRun_EveryView_ShowsTheRunPopulated()
    {
        var workspace = new QueueWorkspace(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "examples", "demo", "task-queue.md")));
        // An earlier run in the same home, for the run list.
        var earlier = await workspace.ExecuteAsync();
        Assert.True(earlier.ExitCode == 1, earlier.ToString());
        await using var run = await MonitoredRun.StartInAsync(workspace, "--monitor-linger", "2m");
        await using var tab = await browser.OpenAsync(run.Url.ToString());

        // Mid-run: two downloads report their progress while the flaky task is retried and the slow one hangs.
        await tab.WaitForStateAsync("download-b", "running");
        await Assertions.Expect(tab.Page.Locator(".current-task[data-task-id=download-b] .message")).ToContainTextAsync("chunk");
        await tab.WaitForStateAsync("flaky-api", "succeeded");
        await tab.ScreenshotAsync("overview");

        await Assertions.Expect(tab.TestId("connection")).ToContainTextAsync("final state", new() { Timeout = 60_000 });
        await Assertions.Expect(tab.TestId("completed")).ToHaveTextAsync("7 of 7 tasks finished: 5 succeeded, 1 failed, 1 blocked");
        await Assertions.Expect(tab.Page.Locator("[data-testid=attention] li")).ToHaveCountAsync(2);
        await Assertions.Expect(tab.TestId("home-runs")).ToContainTextAsync("2 runs");

        await tab.OpenTaskAsync("flaky-api");
        await Assertions.Expect(tab.TestId("details-facts")).ToContainTextAsync("2 of 4");
        await tab.ScreenshotAsync("tasks");

        await tab.ShowAsync("graph");
        await Assertions.Expect(tab.TestId("graph-info")).ToContainTextAsync("7 tasks");
        await tab.ScreenshotAsync("graph");

        await tab.ShowAsync("timeline");
        await Assertions.Expect(tab.Page.Locator("#timeline .gantt")).ToContainTextAsync("6 tasks, 7 attempts");
        await tab.ScreenshotAsync("timeline");

        await tab.ShowAsync("resources");
        await Assertions.Expect(tab.Page.Locator("#resources .u-over")).ToHaveCountAsync(3);
        await tab.ScreenshotAsync("resources");

        await tab.ShowAsync("history");
        await Assertions.Expect(tab.Page.Locator("#history .u-over")).ToHaveCountAsync(3);
        await tab.ScreenshotAsync("history");

        await tab.Page.GotoAsync(run.UrlWithoutToken + "#view=logs&task=flaky-api");
        await Assertions.Expect(tab.TestId("log-text")).ToContainTextAsync("API busy, try again later");
        await Assertions.Expect(tab.TestId("log-text")).ToContainTextAsync("attempt 2 ended");
        await Assertions.Expect(tab.TestId("log-range")).ToContainTextAsync("All of it");
        await tab.ScreenshotAsync("logs");

        await tab.ShowAsync("runs");
        await Assertions.Expect(tab.Page.Locator("#view-runs tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(tab.Page.Locator("#view-runs tr[data-live=true]")).ToContainTextAsync("live");
        await tab.ScreenshotAsync("runs");
        Assert.Empty(tab.ScriptErrors);

        // The report of the same run, as `task-master report` writes it.
        var report = Path.Combine(run.Workspace.Root, "report.html");
        var written = await CliProcess.RunAsync(run.Workspace.Root, ["report", "--home", run.Workspace.Home, "--format", "html", "-o", report]);
        Assert.True(written.ExitCode == 0, written.ToString());
        await using var page = await browser.OpenAsync(new Uri(report).AbsoluteUri);
        await Assertions.Expect(page.Page.Locator("#history")).ToBeVisibleAsync();
        await page.ScreenshotAsync("report");
        Assert.Empty(page.ScriptErrors);
    }
}
