using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using TaskMaster.Dashboard.Tests.Support;

namespace TaskMaster.Dashboard.Tests;

/// <summary>
/// The dashboard opened from a file (as monitor-init writes it): the queue's graph with nothing
/// running, read-only; and a 10,000-task queue staying usable.
/// </summary>
public sealed class DashboardFileTests(BrowserFixture browser, ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "taskmaster-dashboard-tests", Guid.NewGuid().ToString("n"));

    // Nothing listens on port 9 (discard): the page must say so and keep showing the queue.
    private JsonObject Config(JsonObject graph) => new()
    {
        ["monitor_url"] = "http://127.0.0.1:9", ["update_interval_ms"] = 1000, ["include_graphs"] = true, ["graph"] = graph,
    };

    [Fact]
    public async Task DashboardFile_WithoutExecutor_ShowsTheQueueReadOnly()
    {
        var url = DashboardFile.Write(_folder, Config(DashboardFile.Graph(12, 2, i => i == 3 ? "</script><img src=x onerror=window.__xss=1>" : $"Task {i}")));
        await using var tab = await browser.OpenAsync(url);

        await tab.ShowAsync("graph");
        await Assertions.Expect(tab.TestId("graph-info")).ToContainTextAsync("12 tasks");
        await Assertions.Expect(tab.TestId("remaining")).ToHaveTextAsync("12");
        await Assertions.Expect(tab.TestId("connection")).ToContainTextAsync("no executor yet");
        Assert.Equal(0, await tab.TestId("controls").CountAsync());
        await Assertions.Expect(tab.Row("t3")).ToContainTextAsync("</script><img src=x");
        Assert.True(await tab.Page.EvaluateAsync<bool>("() => window.__xss === undefined"));
        Assert.Equal(0, await tab.Page.Locator("img").CountAsync());
        Assert.Empty(tab.ScriptErrors);
    }

    [Fact]
    public async Task DashboardFile_WithExecutorRunning_ConnectsAndFollowsItReadOnly()
    {
        const string queue = """
            # Queue: from-file

            ### hold: Hold the run open
            - run: `while [ ! -f release ]; do sleep 0.05; done`
            """;
        await using var run = await MonitoredRun.StartAsync(queue);
        using var http = new HttpClient();
        var graph = JsonNode.Parse(await http.GetStringAsync(new Uri(run.Url, "/api/v1/graph")))!.AsObject();
        var config = Config(graph);
        config["monitor_url"] = run.UrlWithoutToken.TrimEnd('/');
        await using var tab = await browser.OpenAsync(DashboardFile.Write(_folder, config));

        await tab.WaitForLiveAsync();
        await tab.WaitForStateAsync("hold", "running");
        Assert.Equal(0, await tab.TestId("controls").CountAsync());
        await File.WriteAllTextAsync(run.Workspace.PathOf("release"), "");
        await tab.WaitForStateAsync("hold", "succeeded");
        Assert.Empty(tab.ScriptErrors);
    }

    [Theory]
    [InlineData(10_000, 20)]
    [InlineData(10_000, 0)]
    public async Task Dashboard_TenThousandTasks_LaysOutZoomsAndFindsATaskInACollapsedPhase(int tasks, int phases)
    {
        var url = DashboardFile.Write(_folder, Config(DashboardFile.Graph(tasks, phases)));
        var clock = Stopwatch.StartNew();
        // Straight to the graph view, as a link to it does.
        await using var tab = await browser.OpenAsync(url + "#view=graph");
        await Assertions.Expect(tab.TestId("graph-info")).ToContainTextAsync($"{tasks} tasks", new() { Timeout = 30_000 });
        var shown = clock.Elapsed;
        var layoutMs = await tab.Page.EvaluateAsync<double>("() => taskmasterDashboard.graph.lastLayoutMs");

        // One zoom step and one frame: how long the page is busy answering a user's gesture.
        var zoomMs = await tab.Page.EvaluateAsync<double>("""
            () => new Promise(done => {
              const cy = taskmasterDashboard.graph.cy, t0 = performance.now();
              cy.zoom({ level: cy.zoom() * 1.5, renderedPosition: { x: 400, y: 250 } });
              requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t0)));
            })
            """);
        await tab.TestId("graph-search").FillAsync("t5000");
        clock.Restart();
        await tab.TestId("graph-search").PressAsync("Enter");
        await Assertions.Expect(tab.TestId("details-title")).ToHaveTextAsync("Task number 5000", new() { Timeout = 30_000 });
        var expandMs = clock.Elapsed.TotalMilliseconds;
        Assert.Equal("t5000", await tab.Page.EvaluateAsync<string>("() => taskmasterDashboard.graph.cy.$(':selected').id()"));

        // Everything expanded at once: the worst case, measured, not the default.
        clock.Restart();
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Expand every phase" }).ClickAsync();
        await tab.Page.WaitForFunctionAsync(
            "tasks => Number(/(\\d+) nodes shown/.exec(document.querySelector('[data-testid=graph-info]').textContent)?.[1]) >= tasks",
            tasks, new() { Timeout = 60_000 });
        var expandAllMs = clock.Elapsed.TotalMilliseconds;
        output.WriteLine($"{tasks} tasks, {phases} phases: page shown in {shown.TotalMilliseconds:F0} ms (layout {layoutMs:F0} ms), zoom step {zoomMs:F0} ms, search + expand its phase {expandMs:F0} ms, expand all {expandAllMs:F0} ms");

        // The times are printed, not asserted (a shared machine's timing is no test): the behaviour is.
        Assert.True(layoutMs > 0, "the graph was not laid out");
        Assert.True(zoomMs > 0, "the zoom step never rendered");
        Assert.Empty(tab.ScriptErrors);
    }

    [Fact]
    public async Task Dashboard_TenThousandTasks_OverviewCountsThemAndTheTasksViewShowsAndFiltersThem()
    {
        const int tasks = 10_000;
        var url = DashboardFile.Write(_folder, Config(DashboardFile.Graph(tasks, 20)));
        var clock = Stopwatch.StartNew();
        await using var tab = await browser.OpenAsync(url);
        await Assertions.Expect(tab.TestId("completed")).ToContainTextAsync($"0 of {tasks} tasks finished", new() { Timeout = 30_000 });
        var overviewMs = clock.Elapsed.TotalMilliseconds;

        clock.Restart();
        await tab.ShowAsync("tasks");
        await Assertions.Expect(tab.TestId("task-count")).ToHaveTextAsync($"the first 1000 of {tasks} tasks");
        var tasksMs = clock.Elapsed.TotalMilliseconds;

        clock.Restart();
        await tab.TestId("task-filter").FillAsync("t5000");
        await Assertions.Expect(tab.Page.Locator("#tasks tbody tr")).ToHaveCountAsync(1);
        var filterMs = clock.Elapsed.TotalMilliseconds;
        await Assertions.Expect(tab.Row("t5000")).ToBeVisibleAsync();
        // The graph was never laid out: nobody looked at it.
        Assert.Null(await tab.Page.EvaluateAsync<double?>("() => taskmasterDashboard.graph.lastLayoutMs"));
        output.WriteLine($"{tasks} tasks: overview shown in {overviewMs:F0} ms, tasks view {tasksMs:F0} ms, filter to one task {filterMs:F0} ms");

        Assert.Empty(tab.ScriptErrors);
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { /* the browser may still hold the file; the temp folder is cleaned eventually */ }
    }
}
