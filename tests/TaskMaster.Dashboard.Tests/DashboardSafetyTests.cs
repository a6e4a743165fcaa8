using Microsoft.Playwright;
using TaskMaster.Dashboard.Tests.Support;

namespace TaskMaster.Dashboard.Tests;

/// <summary>User text is only ever text: a title and a log full of markup run nothing.</summary>
public sealed class DashboardSafetyTests(BrowserFixture browser)
{
    private const string Img = "<img src=x onerror=window.__xss=1>";
    private const string Script = "<script>window.__xss=1</script>";

    private static readonly string Queue = $$"""
        # Queue: dashboard-xss

        ### hostile: Title {{Img}} {{Script}}
        Description {{Img}}
        - run: `echo '{{Img}}'; echo '{{Script}}'; while [ ! -f release ]; do sleep 0.05; done`
        """;

    [Fact]
    public async Task Dashboard_MarkupInTitleAndLog_IsShownAsTextAndRunsNothing()
    {
        await using var run = await MonitoredRun.StartAsync(Queue);
        await using var tab = await browser.OpenAsync(run.Url.ToString());
        await tab.WaitForStateAsync("hostile", "running");
        await tab.OpenTaskAsync("hostile");
        await Assertions.Expect(tab.TestId("details-log")).ToContainTextAsync(Script);
        await Assertions.Expect(tab.TestId("details-log")).ToContainTextAsync(Img);
        await Assertions.Expect(tab.TestId("details-title")).ToContainTextAsync("<img src=x");
        await Assertions.Expect(tab.Page.Locator(".current-task .title")).ToContainTextAsync("<img src=x");

        Assert.True(await tab.Page.EvaluateAsync<bool>("() => window.__xss === undefined"));
        Assert.Equal(0, await tab.Page.Locator("img").CountAsync());
        Assert.Equal(0, await tab.Page.EvaluateAsync<int>(
            "() => [...document.querySelectorAll('script')].filter(s => s.textContent.includes('__xss')).length"));
        Assert.Empty(tab.ScriptErrors);
    }
}
