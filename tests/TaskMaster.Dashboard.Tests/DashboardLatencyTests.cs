using System.Globalization;
using System.Text;
using Microsoft.Playwright;
using TaskMaster.Dashboard.Tests.Support;

namespace TaskMaster.Dashboard.Tests;

/// <summary>
/// Freshness under load: 1,000 fast tasks, every state change timed from its journal event's
/// <c>at</c> to the moment the task's row changes in the browser's DOM (a MutationObserver), and
/// split into its stages: the executor (event to the update's <c>published_at</c>), the way to the
/// page (to the store taking the update) and the page itself (to the DOM). Once with the task table
/// in a hidden view (the overview shown) and once with it shown. The figures go to the test output
/// and to dashboard-latency-VIEW.txt beside the tests (docs/benchmarks.md).
/// </summary>
public sealed class DashboardLatencyTests(BrowserFixture browser, ITestOutputHelper output)
{
    private const int Tasks = 1000;

    private static string Queue()
    {
        var queue = new StringBuilder("# Queue: latency\n\n- concurrency: 8\n\n### start: Wait for the browser\n- run: `while [ ! -f release ]; do sleep 0.05; done`\n");
        for (var i = 0; i < Tasks; i++)
            queue.Append(CultureInfo.InvariantCulture, $"\n### t{i:D4}: Fast task {i}\n- depends: start\n- run: `true`\n");
        return queue.ToString();
    }

    private const string Recorder = """
        () => {
          window.__dom = [];
          window.__journal = new Map();
          new MutationObserver((mutations) => {
            const now = Date.now();
            for (const m of mutations) window.__dom.push([m.target.dataset.taskId, m.target.dataset.state, now]);
          }).observe(document.querySelector('#tasks tbody'), { attributes: true, subtree: true, attributeFilter: ['data-state'] });
          const states = { TaskStarted: 'running', TaskSucceeded: 'succeeded' };
          // When each update left the executor and reached the page's store: the delay's stages.
          window.__received = new Map();
          window.__published = new Map();
          const store = taskmasterDashboard.store, apply = store.applyUpdate;
          store.applyUpdate = (update) => {
            const now = Date.now(), published = Date.parse(update.published_at);
            for (const e of update.events ?? []) {
              if (!states[e.type]) continue;
              window.__received.set(`${e.taskId}|${states[e.type]}`, now);
              window.__published.set(`${e.taskId}|${states[e.type]}`, published);
            }
            return apply(update);
          };
          taskmasterDashboard.store.subscribe(({ events }) => {
            for (const e of events ?? []) if (states[e.type]) window.__journal.set(`${e.taskId}|${states[e.type]}`, Date.parse(e.at));
          });
        }
        """;

    /// <summary>Resolves when the page's store has every task finished.</summary>
    private const string AllFinished = """
        (total) => new Promise((resolve) => {
          const store = taskmasterDashboard.store, done = () => (store.summary?.finished ?? 0) >= total;
          if (done()) return resolve();
          const stop = store.subscribe(() => { if (done()) { stop(); resolve(); } });
        })
        """;

    /// <summary>For each DOM change, in ms: [journal event to DOM, event to published, published to received, received to DOM].</summary>
    private const string Latencies = """
        () => window.__dom.map(([id, state, t]) => {
          const key = `${id}|${state}`, at = window.__journal.get(key), received = window.__received.get(key), published = window.__published.get(key);
          return at === undefined || received === undefined ? null : [t - at, published - at, received - published, t - received];
        }).filter((stages) => stages !== null)
        """;

    [Theory]
    [InlineData("overview")]
    [InlineData("tasks")]
    public async Task Dashboard_ThousandFastTasks_StateChangesReachTheDomWithinOneSecond(string view)
    {
        await using var run = await MonitoredRun.StartAsync(Queue());
        await using var tab = await browser.OpenAsync(run.Url.ToString());
        await tab.WaitForStateAsync("start", "running");
        if (view != "overview") await tab.ShowAsync(view);
        await tab.Page.EvaluateAsync(Recorder);

        await File.WriteAllTextAsync(run.Workspace.PathOf("release"), "");
        // Awaited in the page, not polled: Playwright's polling works through the shown DOM on the page's own thread, and would delay the updates it times.
        await tab.Page.EvaluateAsync(AllFinished, Tasks + 1).WaitAsync(TimeSpan.FromMinutes(5));
        await Assertions.Expect(tab.TestId("completed")).ToContainTextAsync($"{Tasks + 1} of {Tasks + 1} tasks finished");

        var changes = await tab.Page.EvaluateAsync<double[][]>(Latencies);
        double[] Stage(int i) => changes.Select(c => c[i]).Order().ToArray();
        var (latencies, executor, transit, inPage) = (Stage(0), Stage(1), Stage(2), Stage(3));
        var p50 = Percentile(latencies, 0.50);
        var pageP99 = Percentile(inPage, 0.99);
        string Figures(double[] stage) => string.Create(CultureInfo.InvariantCulture, $"p50 {Percentile(stage, 0.50):F0} ms, p99 {Percentile(stage, 0.99):F0} ms");
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{Tasks} fast tasks, concurrency 8, {view} view shown: {latencies.Length} state changes, journal event to DOM {Figures(latencies)}, max {latencies[^1]:F0} ms; "
            + $"of which in the executor (event to published_at) {Figures(executor)}, on the way (to the page's store) {Figures(transit)}, "
            + $"in the page (store to DOM) {Figures(inPage)}");
        output.WriteLine(line);
        await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, $"dashboard-latency-{view}.txt"), line + "\n");

        Assert.True(latencies.Length >= Tasks, $"only {latencies.Length} state changes were seen in the DOM");
        // The page's own share is what this project's browser code answers for; end to end, the
        // PRD's second holds at the median even when the shared cores are saturated (docs/benchmarks.md).
        Assert.True(pageP99 < 250, line);
        Assert.True(p50 < 1000, line);
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
