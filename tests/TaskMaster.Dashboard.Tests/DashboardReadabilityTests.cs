using System.Globalization;
using System.Text;
using Microsoft.Playwright;
using TaskMaster.Dashboard.Tests.Support;

namespace TaskMaster.Dashboard.Tests;

/// <summary>What a person reads: many running tasks still fit on a screen, and no view shows a placeholder or a phrase that reads oddly.</summary>
public sealed class DashboardReadabilityTests(BrowserFixture browser)
{
    private const int Parallel = 32;

    private static string ManyRunning()
    {
        var queue = new StringBuilder($"# Queue: wide\n\n- concurrency: {Parallel}\n");
        for (var i = 0; i < Parallel; i++)
            queue.Append(CultureInfo.InvariantCulture, $"\n### shard-{i:D2}: Process shard {i} of the nightly import\n- run: `echo \"::progress {i * 3} rows {i}k\"; while [ ! -f release ]; do sleep 0.3; done`\n");
        return queue.ToString();
    }

    [Fact]
    public async Task RunningNow_ThirtyTwoTasksAtOnce_OneCompactLineEachAllOnOneScreen()
    {
        await using var run = await MonitoredRun.StartAsync(ManyRunning());
        await using var tab = await browser.OpenAsync(run.Url.ToString());
        var rows = tab.Page.Locator(".current-task");
        await Assertions.Expect(rows).ToHaveCountAsync(Parallel, new() { Timeout = 60_000 });
        await Assertions.Expect(tab.Page.GetByText($"Running now ({Parallel})")).ToBeVisibleAsync();
        await Assertions.Expect(tab.Page.Locator(".current-task[data-task-id=shard-31] .message")).ToHaveTextAsync("rows 31k");

        var boxes = await rows.EvaluateAllAsync<double[][]>("rows => rows.map(r => { const b = r.getBoundingClientRect(); return [b.top, b.height]; })");
        Assert.All(boxes, b => Assert.InRange(b[1], 20, 30));
        var viewport = tab.Page.ViewportSize!.Height;
        Assert.True(boxes.Max(b => b[0] + b[1]) < viewport, $"the last running task is at {boxes.Max(b => b[0] + b[1])} px, below the {viewport} px window");
        await tab.ScreenshotAsync("running");
        Assert.Empty(tab.ScriptErrors);
    }

    private const string Mixed = """
        # Queue: wording

        - concurrency: 3
        - retry-backoff: 200ms

        ### fine: Succeed
        - run: `echo fine`

        ### flaky: Fail once, then succeed
        - retries: 2
        - retry-on: exit 75
        - run: `if [ "$TASKMASTER_ATTEMPT" -lt 2 ]; then exit 75; fi`

        ### broken: Fail for good
        - run: `exit 3`

        ### needs-broken: Blocked by the failure
        - depends: broken
        - run: `true`
        """;

    /// <summary>What a view must never show a reader: a value the code did not have, or a phrase the issue named.</summary>
    private static readonly string[] Odd =
    [
        "undefined", "NaN", "null", "[object", "Invalid Date", "Infinity", "--notify-webhook", "1 tasks", "ETA 0",
    ];

    [Fact]
    public async Task EveryView_OfAFinishedRun_ReadsWithoutPlaceholdersOrOddPhrases()
    {
        await using var run = await MonitoredRun.StartAsync(Mixed, "--monitor-linger", "2m");
        await using var tab = await browser.OpenAsync(run.Url.ToString());
        await Assertions.Expect(tab.TestId("connection")).ToContainTextAsync("final state", new() { Timeout = 60_000 });
        await tab.OpenTaskAsync("flaky");

        foreach (var view in new[] { "overview", "graph", "tasks", "timeline", "resources", "history", "logs", "runs" })
        {
            await tab.ShowAsync(view);
            var text = await tab.Page.Locator("body").InnerTextAsync();
            foreach (var odd in Odd)
                Assert.False(text.Contains(odd, StringComparison.Ordinal), $"the {view} view reads \"{odd}\":\n{text}");
        }
        await Assertions.Expect(tab.TestId("network")).ToHaveTextAsync("nothing outside this machine is used (no alert webhook is set)");
        // A task that succeeded on its second attempt is not shown as failing.
        await Assertions.Expect(tab.TestId("details-error")).ToContainTextAsync("An earlier attempt failed");
        await Assertions.Expect(tab.Row("flaky").Locator("td").Nth(5)).ToHaveClassAsync("muted");
        Assert.Empty(tab.ScriptErrors);
    }
}
