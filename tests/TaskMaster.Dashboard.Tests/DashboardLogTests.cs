using Microsoft.Playwright;
using TaskMaster.Dashboard.Tests.Support;

namespace TaskMaster.Dashboard.Tests;

/// <summary>The Logs view: a task's whole log, paged from the executor, exactly as the file holds it; an attempt's part; a running task followed.</summary>
public sealed class DashboardLogTests(BrowserFixture browser)
{
    private const int Lines = 20_000;

    private const string Queue = """
        # Queue: dashboard-logs

        - concurrency: 3
        - retry-backoff: 100ms

        ### big: Write a long log
        - run: `for i in $(seq -w 1 20000); do echo "line $i of a log long enough for many pages"; done`

        ### ticking: Write while the test watches
        - run: `i=0; while [ ! -f release ]; do i=$((i+1)); echo "tick $i"; sleep 0.1; done; echo "released after $i ticks"`

        ### twice: Fail once, then succeed
        - retries: 1
        - retry-on: exit 75
        - run: `echo "this is attempt $TASKMASTER_ATTEMPT"; [ "$TASKMASTER_ATTEMPT" -ge 2 ] || exit 75`
        """;

    [Fact]
    public async Task Logs_LongLogOfAFinishedTask_OpensAtItsEndAndPagesBackToExactlyTheFile()
    {
        await using var run = await MonitoredRun.StartAsync(Queue);
        await using var tab = await browser.OpenAsync($"{run.Url}&view=logs&task=big");
        await tab.WaitForStateAsync("big", "succeeded");
        var log = await File.ReadAllTextAsync(Directory.GetFiles(run.Workspace.Home, "big.log", SearchOption.AllDirectories).Single());
        Assert.True(log.Length > 10 * 64 * 1024, $"the log is only {log.Length} bytes");

        // Opened before the task ended, it reached the end; it opens on the last page.
        await tab.Page.ReloadAsync();
        var text = tab.TestId("log-text");
        await Assertions.Expect(tab.TestId("log-range")).ToContainTextAsync("shown, from byte");
        Assert.EndsWith(TailOf(log, 200), await text.TextContentAsync(), StringComparison.Ordinal);

        await tab.TestId("log-start").ClickAsync();
        await Assertions.Expect(text).ToContainTextAsync("line 00001 of");
        Assert.StartsWith(await text.TextContentAsync() ?? "", log, StringComparison.Ordinal);
        var range = tab.TestId("log-range");
        for (var page = 0; page < 40 && !(await range.TextContentAsync() ?? "").Contains("All of it", StringComparison.Ordinal); page++)
        {
            var before = await range.TextContentAsync() ?? "";
            await tab.TestId("log-later").ClickAsync();
            await Assertions.Expect(range).Not.ToHaveTextAsync(before);
        }
        // Page after page, nothing lost, nothing twice: the file itself (it fits in the page's 1 MiB window).
        Assert.Equal(log, await text.TextContentAsync());
        await Assertions.Expect(range).ToContainTextAsync("All of it");
        Assert.Empty(tab.ScriptErrors);
    }

    [Fact]
    public async Task Logs_RunningTask_IsFollowedLiveUntilItEnds()
    {
        // The executor stays once the run is over: the page can then read the log's last lines.
        await using var run = await MonitoredRun.StartAsync(Queue, "--monitor-linger", "1m");
        await using var tab = await browser.OpenBlankAsync();
        // The monitor answers 503 while the run starts: the page's first ask for the log meets it, and it asks again.
        var asked = 0;
        await tab.Page.RouteAsync("**/api/v1/tasks/ticking/log?*", async route =>
        {
            if (Interlocked.Increment(ref asked) == 1)
                await route.FulfillAsync(new() { Status = 503, ContentType = "application/json", Body = "{\"error\":\"the run is starting; ask again in a moment\"}" });
            else await route.ContinueAsync();
        });
        await tab.Page.GotoAsync($"{run.Url}&view=logs&task=ticking");
        await tab.WaitForStateAsync("ticking", "running");

        var text = tab.TestId("log-text");
        await Assertions.Expect(text).ToContainTextAsync("tick 3");
        await Assertions.Expect(tab.TestId("log-range")).ToContainTextAsync("still writing");
        // Written after the page read the log: it arrives on its own.
        await Assertions.Expect(text).ToContainTextAsync("tick 30", new() { Timeout = 15_000 });

        await File.WriteAllTextAsync(run.Workspace.PathOf("release"), "");
        await Assertions.Expect(text).ToContainTextAsync("released after", new() { Timeout = 15_000 });
        await Assertions.Expect(tab.TestId("log-range")).Not.ToContainTextAsync("still writing");
        Assert.Empty(tab.ScriptErrors);
    }

    [Fact]
    public async Task Logs_OneAttempt_ShowsOnlyThatAttemptsPart()
    {
        await using var run = await MonitoredRun.StartAsync(Queue);
        await using var tab = await browser.OpenAsync(run.Url.ToString());
        await tab.WaitForStateAsync("twice", "succeeded");

        await tab.OpenTaskAsync("twice");
        await tab.TestId("details-whole-log").ClickAsync();
        await Assertions.Expect(tab.TestId("tab-logs")).ToHaveAttributeAsync("aria-selected", "true");
        var text = tab.TestId("log-text");
        await Assertions.Expect(text).ToContainTextAsync("this is attempt 2");
        // A log that fits one page is shown once, exactly as the file holds it.
        var log = await File.ReadAllTextAsync(Directory.GetFiles(run.Workspace.Home, "twice.log", SearchOption.AllDirectories).Single());
        Assert.Equal(log, await text.TextContentAsync());

        await tab.TestId("log-attempt").SelectOptionAsync("1");
        await Assertions.Expect(text).ToContainTextAsync("this is attempt 1");
        await Assertions.Expect(text).Not.ToContainTextAsync("this is attempt 2");
        Assert.Contains("attempt=1", tab.Page.Url, StringComparison.Ordinal);

        // The address names the attempt: opened anew, the page shows the same.
        await tab.Page.ReloadAsync();
        await Assertions.Expect(tab.TestId("log-attempt")).ToHaveValueAsync("1");
        await Assertions.Expect(text).ToContainTextAsync("this is attempt 1");
        await Assertions.Expect(text).Not.ToContainTextAsync("this is attempt 2");
        Assert.Empty(tab.ScriptErrors);
    }

    /// <summary>The last <paramref name="chars"/> characters, from a line start.</summary>
    private static string TailOf(string log, int chars)
    {
        var from = log.LastIndexOf('\n', log.Length - chars) + 1;
        return log[from..];
    }
}
