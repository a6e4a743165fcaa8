using Microsoft.Playwright;
using TaskMaster.Dashboard.Tests.Support;

namespace TaskMaster.Dashboard.Tests;

/// <summary>
/// The dashboard as a set of views a person moves between: tabs, deep links that keep the control
/// token working without ever sending it to the server, and the keyboard.
/// </summary>
public sealed class DashboardNavigationTests(BrowserFixture browser)
{
    private const string Queue = """
        # Queue: dashboard-navigation

        - concurrency: 2

        ### gate: Wait for the test
        - run: `while [ ! -f release ]; do sleep 0.1; done`

        ### after: Run after the gate
        - depends: gate
        - run: `true`
        """;

    [Fact]
    public async Task DeepLink_WithTokenViewAndTask_OpensThemAndTheTokenNeverReachesTheServer()
    {
        await using var run = await MonitoredRun.StartAsync(Queue);
        var requests = new List<IRequest>();
        var page = await browser.OpenBlankAsync();
        page.Page.Request += (_, request) => { lock (requests) requests.Add(request); };
        await using var tab = page;
        await tab.Page.GotoAsync($"{run.Url}&view=tasks&task=gate");
        await tab.WaitForStateAsync("gate", "running");

        await Assertions.Expect(tab.TestId("tab-tasks")).ToHaveAttributeAsync("aria-selected", "true");
        await Assertions.Expect(tab.Page.Locator("#view-tasks")).ToBeVisibleAsync();
        await Assertions.Expect(tab.TestId("details-title")).ToHaveAttributeAsync("data-task-id", "gate");
        Assert.Contains("view=tasks", tab.Page.Url, StringComparison.Ordinal);
        Assert.Contains("task=gate", tab.Page.Url, StringComparison.Ordinal);
        Assert.DoesNotContain("token=", tab.Page.Url, StringComparison.Ordinal);

        // The token still works for the controls, and went to the server only as the bearer of a control call.
        await tab.TestId("pause").ClickAsync();
        await Assertions.Expect(tab.TestId("run-state")).ToHaveAttributeAsync("data-state", "paused");
        IRequest[] seen;
        lock (requests) seen = [.. requests];
        Assert.NotEmpty(seen);
        foreach (var request in seen)
        {
            Assert.DoesNotContain(run.Token, request.Url, StringComparison.Ordinal);
            foreach (var (name, value) in await request.AllHeadersAsync())
                if (!name.Equals("authorization", StringComparison.OrdinalIgnoreCase))
                    Assert.DoesNotContain(run.Token, value, StringComparison.Ordinal);
        }
        Assert.Contains(seen, r => r.Method == "POST" && r.Url.EndsWith("/v1/run:pause", StringComparison.Ordinal));
        Assert.Empty(tab.ScriptErrors);
    }

    [Fact]
    public async Task Keyboard_ArrowsNumbersSlashEnterEscapeAndBack_MoveThroughTheViews()
    {
        await using var run = await MonitoredRun.StartAsync(Queue);
        await using var tab = await browser.OpenAsync(run.Url.ToString());
        await tab.WaitForStateAsync("gate", "running");

        await tab.TestId("tab-overview").FocusAsync();
        await tab.Page.Keyboard.PressAsync("ArrowRight");
        await Assertions.Expect(tab.TestId("tab-graph")).ToHaveAttributeAsync("aria-selected", "true");
        await Assertions.Expect(tab.TestId("tab-graph")).ToBeFocusedAsync();
        Assert.Contains("view=graph", tab.Page.Url, StringComparison.Ordinal);
        await tab.Page.Keyboard.PressAsync("End");
        await Assertions.Expect(tab.TestId("tab-runs")).ToHaveAttributeAsync("aria-selected", "true");

        await tab.Page.Keyboard.PressAsync("3");
        await Assertions.Expect(tab.TestId("tab-tasks")).ToHaveAttributeAsync("aria-selected", "true");
        await tab.Page.Keyboard.PressAsync("/");
        await Assertions.Expect(tab.TestId("task-filter")).ToBeFocusedAsync();

        await tab.Row("gate").Locator("button.task-id").FocusAsync();
        await tab.Page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(tab.TestId("details-title")).ToHaveAttributeAsync("data-task-id", "gate");
        await tab.Page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(tab.Page.Locator("#details")).ToBeHiddenAsync();
        Assert.DoesNotContain("task=", tab.Page.Url, StringComparison.Ordinal);

        await tab.Page.GoBackAsync();
        await Assertions.Expect(tab.TestId("tab-runs")).ToHaveAttributeAsync("aria-selected", "true");
        Assert.Empty(tab.ScriptErrors);
    }

    [Fact]
    public async Task StateCount_InTheRunBar_OpensTheTasksInThatState()
    {
        await using var run = await MonitoredRun.StartAsync(Queue);
        await using var tab = await browser.OpenAsync(run.Url.ToString());
        await tab.WaitForStateAsync("gate", "running");

        await tab.TestId("counts").GetByRole(AriaRole.Link, new() { Name = "1 pending" }).ClickAsync();

        await Assertions.Expect(tab.TestId("tab-tasks")).ToHaveAttributeAsync("aria-selected", "true");
        await Assertions.Expect(tab.TestId("task-state-filter")).ToHaveValueAsync("pending");
        await Assertions.Expect(tab.Page.Locator("#tasks tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(tab.Row("after")).ToBeVisibleAsync();
        Assert.Contains("state=pending", tab.Page.Url, StringComparison.Ordinal);
        Assert.Empty(tab.ScriptErrors);
    }
}
