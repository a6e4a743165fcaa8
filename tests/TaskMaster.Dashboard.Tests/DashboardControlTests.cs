using Microsoft.Playwright;
using TaskMaster.Dashboard.Tests.Support;

namespace TaskMaster.Dashboard.Tests;

/// <summary>The controls: refused without the token (and the page says so), obeyed with it.</summary>
public sealed class DashboardControlTests(BrowserFixture browser)
{
    private const string Queue = """
        # Queue: dashboard-control

        - concurrency: 1

        ### hold: Hold the run open
        - run: `while [ ! -f release ]; do sleep 0.05; done`

        ### next: Run after hold
        - depends: hold
        - run: `true`
        """;

    [Fact]
    public async Task Pause_WithoutToken_IsRefusedWith401AndShown()
    {
        await using var run = await MonitoredRun.StartAsync(Queue);
        await using var tab = await browser.OpenAsync(run.UrlWithoutToken);
        await tab.WaitForStateAsync("hold", "running");

        await tab.TestId("pause").ClickAsync();
        await Assertions.Expect(tab.TestId("token-dialog")).ToBeVisibleAsync();
        await tab.TestId("token-ok").ClickAsync();

        await Assertions.Expect(tab.TestId("control-message")).ToContainTextAsync("401");
        await Assertions.Expect(tab.TestId("control-message")).ToContainTextAsync("token is missing or wrong");
        await Assertions.Expect(tab.TestId("run-state")).Not.ToHaveAttributeAsync("data-state", "paused");
    }

    [Fact]
    public async Task Pause_WithTokenFromUrl_PausesTheRunAndHidesTheToken()
    {
        await using var run = await MonitoredRun.StartAsync(Queue);
        await using var tab = await browser.OpenAsync(run.Url.ToString());
        await tab.WaitForStateAsync("hold", "running");
        Assert.DoesNotContain("token=", tab.Page.Url, StringComparison.Ordinal);

        await tab.TestId("pause").ClickAsync();
        await Assertions.Expect(tab.TestId("run-state")).ToHaveAttributeAsync("data-state", "paused");
        await Assertions.Expect(tab.TestId("control-message")).ToContainTextAsync("Pause:");
        Assert.Equal(run.Token, await tab.Page.EvaluateAsync<string>("() => sessionStorage.getItem('taskmaster.control-token')"));
    }

    [Fact]
    public async Task Checkpoint_WithToken_ShowsWhereItWasSaved()
    {
        await using var run = await MonitoredRun.StartAsync(Queue);
        await using var tab = await browser.OpenAsync(run.Url.ToString());
        await tab.WaitForStateAsync("hold", "running");

        await tab.TestId("checkpoint").ClickAsync();
        await Assertions.Expect(tab.TestId("control-message")).ToContainTextAsync("Checkpoint: saved ");
        await Assertions.Expect(tab.TestId("control-message")).ToHaveAttributeAsync("data-kind", "ok");
    }

    [Fact]
    public async Task EmergencyStop_AsksFirstThenStopsTheRun()
    {
        await using var run = await MonitoredRun.StartAsync(Queue);
        await using var tab = await browser.OpenAsync(run.Url.ToString());
        await tab.WaitForStateAsync("hold", "running");

        await tab.TestId("stop").ClickAsync();
        await Assertions.Expect(tab.TestId("confirm-dialog")).ToBeVisibleAsync();
        await tab.TestId("confirm-dialog").GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Assertions.Expect(tab.TestId("control-message")).ToBeEmptyAsync();
        await Assertions.Expect(tab.TestId("run-state")).ToHaveAttributeAsync("data-state", "running");

        await tab.TestId("stop").ClickAsync();
        await tab.TestId("confirm-ok").ClickAsync();
        await Assertions.Expect(tab.TestId("run-state")).ToHaveAttributeAsync("data-state", "stopped");
        await Assertions.Expect(tab.TestId("control-message")).ToContainTextAsync("Emergency stop:");
    }

    [Fact]
    public async Task Override_SkipFromDetails_SkipsThePendingTask()
    {
        await using var run = await MonitoredRun.StartAsync(Queue);
        await using var tab = await browser.OpenAsync(run.Url.ToString());
        await tab.WaitForStateAsync("hold", "running");

        await tab.OpenTaskAsync("next");
        await Assertions.Expect(tab.TestId("details-title")).ToHaveTextAsync("Run after hold");
        await tab.Page.Locator("#details button[data-action=OVERRIDE_ACTION_SKIP]").ClickAsync();

        await tab.WaitForStateAsync("next", "skipped", TimeSpan.FromSeconds(10));
        await Assertions.Expect(tab.TestId("control-message")).ToContainTextAsync("Skip next:");
        await Assertions.Expect(tab.TestId("details-facts")).ToContainTextAsync("skipped");
    }
}
