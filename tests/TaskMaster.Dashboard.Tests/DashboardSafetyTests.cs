using Microsoft.Playwright;
using TaskMaster.Dashboard.Tests.Support;

namespace TaskMaster.Dashboard.Tests;

/// <summary>User text is only ever text: a queue name, a title, an error and a log full of markup run nothing, in any view.</summary>
public sealed class DashboardSafetyTests(BrowserFixture browser)
{
    private const string Img = "<img src=x onerror=window.__xss=1>";
    private const string Script = "<script>window.__xss=1</script>";

    private static readonly string Queue = $$"""
        # Queue: dashboard-xss {{Img}}

        ### hostile: Title {{Img}} {{Script}}
        Description {{Img}}
        - run: `echo '{{Img}}'; echo '{{Script}}'; while [ ! -f release ]; do sleep 0.05; done`

        ### hostile-error: Fail with markup in the reason
        - success: stdout contains {{Img}}
        - run: `while [ ! -f go ]; do sleep 0.05; done; echo nothing`
        """;

    private static readonly string[] Views = ["overview", "graph", "tasks", "timeline", "resources", "history", "logs", "runs"];

    [Fact]
    public async Task Dashboard_MarkupInQueueTitleErrorAndLog_IsShownAsTextInEveryViewAndRunsNothing()
    {
        await using var run = await MonitoredRun.StartAsync(Queue);
        await using var tab = await browser.OpenAsync(run.Url.ToString());
        await tab.WaitForStateAsync("hostile", "running");
        await tab.WaitForLiveAsync();
        // Failing while the page is open, its event is in the page's event list too.
        await File.WriteAllTextAsync(run.Workspace.PathOf("go"), "");
        await tab.WaitForStateAsync("hostile-error", "failed");
        await tab.OpenTaskAsync("hostile");
        await Assertions.Expect(tab.TestId("details-log")).ToContainTextAsync(Script);
        await Assertions.Expect(tab.TestId("details-log")).ToContainTextAsync(Img);
        await Assertions.Expect(tab.TestId("details-title")).ToContainTextAsync("<img src=x");
        await Assertions.Expect(tab.TestId("run-name")).ToContainTextAsync(Img);
        await Assertions.Expect(tab.Page.Locator(".current-task .title")).ToContainTextAsync("<img src=x");
        await Assertions.Expect(tab.Page.Locator("[data-testid=attention] li[data-task-id=hostile-error]")).ToContainTextAsync(Img);
        await Assertions.Expect(tab.Row("hostile-error")).ToContainTextAsync(Img);
        await Assertions.Expect(tab.TestId("activity")).ToContainTextAsync(Img);

        foreach (var view in Views)
        {
            await tab.ShowAsync(view);
            // The selected task's whole log, in the Logs view.
            if (view == "logs") await Assertions.Expect(tab.TestId("log-text")).ToContainTextAsync(Img);
            Assert.True(await tab.Page.EvaluateAsync<bool>("() => window.__xss === undefined"), $"markup ran in the {view} view");
            Assert.Equal(0, await tab.Page.Locator("img").CountAsync());
        }
        Assert.Equal(0, await tab.Page.EvaluateAsync<int>(
            "() => [...document.querySelectorAll('script')].filter(s => s.textContent.includes('__xss')).length"));
        Assert.Empty(tab.ScriptErrors);
    }
}
