using Microsoft.Playwright;
using TaskMaster.Dashboard.Tests.Support;

namespace TaskMaster.Dashboard.Tests;

/// <summary>
/// The dashboard in real headless Chromium, served by a real <c>task-master execute --monitor</c>.
/// Tasks that wait for a file the test writes keep the run open and make each change the test's.
/// </summary>
public sealed class DashboardLiveTests(BrowserFixture browser)
{
    private const string Queue = """
        # Queue: dashboard-live

        - concurrency: 4

        ## Phase 1: Work

        ### counter: Count slowly
        Counts to a hundred, reporting its progress.
        - run: `for i in $(seq 1 100); do echo "::progress $i step $i"; [ -f release-counter ] && break; sleep 0.2; done`

        ### gate: Wait for the test
        Holds the run open until the test lets it go.
        - run: `while [ ! -f release-gate ]; do sleep 0.05; done; echo released`

        ### broken: Break on purpose
        - run: `echo "the disk exploded" >&2; exit 3`

        ## Phase 2: After

        ### after-gate: Run after the gate
        - depends: gate
        - run: `while [ ! -f release-after ]; do sleep 0.05; done`
        """;

    [Fact]
    public async Task Dashboard_RunningQueue_ProgressMovesAndStateChangesAppearWithinOneSecond()
    {
        await using var run = await MonitoredRun.StartAsync(Queue);
        await using var tab = await browser.OpenAsync(run.Url.ToString());
        await tab.WaitForLiveAsync();
        await tab.WaitForStateAsync("counter", "running");

        var bar = tab.Page.Locator(".current-task[data-task-id=counter] [role=progressbar]");
        var first = double.Parse(await bar.GetAttributeAsync("aria-valuenow") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        await tab.Page.WaitForFunctionAsync(
            "first => Number(document.querySelector('.current-task[data-task-id=counter] [role=progressbar]')?.getAttribute('aria-valuenow')) > first",
            first, new() { Timeout = DashboardPage.Ms(TimeSpan.FromSeconds(10)) });

        await tab.WaitForStateAsync("gate", "running");
        await File.WriteAllTextAsync(run.Workspace.PathOf("release-gate"), "");
        await tab.WaitForStateAsync("gate", "succeeded", DashboardPage.Fresh);
        await tab.WaitForStateAsync("after-gate", "running", DashboardPage.Fresh);

        await Assertions.Expect(tab.TestId("completed")).Not.ToContainTextAsync("0 of 4 tasks finished");
        Assert.Empty(tab.ScriptErrors);
    }

    [Fact]
    public async Task Dashboard_Graph_ZoomsSearchesAndOpensTaskDetails()
    {
        await using var run = await MonitoredRun.StartAsync(Queue);
        await using var tab = await browser.OpenAsync(run.Url.ToString());
        await tab.WaitForLiveAsync();
        await tab.WaitForStateAsync("gate", "running");
        await tab.ShowAsync("graph");

        var before = await tab.Page.EvaluateAsync<double>("() => taskmasterDashboard.graph.cy.zoom()");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Zoom in" }).ClickAsync();
        var after = await tab.Page.EvaluateAsync<double>("() => taskmasterDashboard.graph.cy.zoom()");
        Assert.True(after > before, $"zoom went from {before} to {after}");

        await tab.TestId("graph-search").FillAsync("wait for the");
        await tab.TestId("graph-search").PressAsync("Enter");
        await Assertions.Expect(tab.TestId("graph-search-result")).ToHaveTextAsync("1 found");
        Assert.Equal("gate", await tab.Page.EvaluateAsync<string>("() => taskmasterDashboard.graph.cy.$(':selected').id()"));
        await Assertions.Expect(tab.TestId("details-title")).ToHaveTextAsync("Wait for the test");
        await Assertions.Expect(tab.TestId("details-facts")).ToContainTextAsync("running");
        var downstream = await tab.Page.EvaluateAsync<string[]>("() => taskmasterDashboard.graph.cy.$('node.downstream').map(n => n.id())");
        Assert.Contains("after-gate", downstream);
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Fit the graph" }).ClickAsync();
        Assert.Empty(tab.ScriptErrors);
    }

    [Fact]
    public async Task Dashboard_FailedTask_ShowsItsError()
    {
        await using var run = await MonitoredRun.StartAsync(Queue);
        await using var tab = await browser.OpenAsync(run.Url.ToString());
        await tab.WaitForStateAsync("broken", "failed");

        var errorCell = tab.Row("broken").Locator("td").Nth(5);
        await Assertions.Expect(errorCell).Not.ToBeEmptyAsync();
        await tab.OpenTaskAsync("broken");
        await Assertions.Expect(tab.TestId("details-error")).ToBeVisibleAsync();
        await Assertions.Expect(tab.TestId("details-error")).ToHaveTextAsync(await errorCell.TextContentAsync() ?? "");
        await Assertions.Expect(tab.TestId("details-log")).ToContainTextAsync("the disk exploded");
    }

    [Fact]
    public async Task Dashboard_SnapshotRefusedWhileTheRunStarts_AsksAgainAndShowsTasksThatStartedBefore()
    {
        await using var run = await MonitoredRun.StartAsync(Queue);
        await using var tab = await browser.OpenBlankAsync();
        // The monitor answers 503 in the instant before the run's first event: the page's first ask meets it.
        var refused = 0;
        await tab.Page.RouteAsync("**/api/v1/tasks", async route =>
        {
            if (Interlocked.Increment(ref refused) == 1)
                await route.FulfillAsync(new() { Status = 503, ContentType = "application/json", Body = "{\"error\":\"the run is starting; ask again in a moment\"}" });
            else await route.ContinueAsync();
        });
        await tab.Page.GotoAsync(run.Url.ToString());

        // The gate started before the page and then says nothing more: only a snapshot can show it.
        await tab.WaitForStateAsync("gate", "running", TimeSpan.FromSeconds(10));
        Assert.True(refused >= 2, $"the tasks were asked for {refused} time(s)");
        await Assertions.Expect(tab.Page.Locator(".problem")).ToBeHiddenAsync();
        Assert.Empty(tab.ScriptErrors);
    }

    [Fact]
    public async Task Dashboard_Timeline_FollowsAttemptsAsTheyStart()
    {
        await using var run = await MonitoredRun.StartAsync(Queue);
        await using var tab = await browser.OpenAsync($"{run.Url}&view=timeline");
        await tab.WaitForStateAsync("broken", "failed");
        await tab.WaitForStateAsync("counter", "running");
        await Assertions.Expect(tab.Page.Locator("#timeline .gantt")).ToContainTextAsync("3 tasks, 3 attempts.");
        await File.WriteAllTextAsync(run.Workspace.PathOf("release-gate"), "");
        await tab.WaitForStateAsync("after-gate", "running");
        await Assertions.Expect(tab.Page.Locator("#timeline .gantt")).ToContainTextAsync("4 tasks, 4 attempts.");
        Assert.Empty(tab.ScriptErrors);
    }
}
