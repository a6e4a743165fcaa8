using System.Globalization;
using System.Text;
using Microsoft.Playwright;
using TaskMaster.Dashboard.Tests.Support;

namespace TaskMaster.Dashboard.Tests;

/// <summary>
/// Freshness under load: 1,000 fast tasks, every state change timed from its journal event's
/// <c>at</c> to the moment the task's row changes in the browser's DOM (a MutationObserver).
/// The figures go to the test output and to dashboard-latency.txt beside the tests
/// (docs/benchmarks.md).
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
          // A second subscriber to the feed, for the split: how much of the delay is before the browser.
          window.__arrival = [];
          new EventSource('/api/v1/events').addEventListener('update', (message) => {
            const now = Date.now();
            for (const e of JSON.parse(message.data).events ?? []) if (states[e.type]) window.__arrival.push(now - Date.parse(e.at));
          });
          taskmasterDashboard.store.subscribe(({ events }) => {
            for (const e of events ?? []) if (states[e.type]) window.__journal.set(`${e.taskId}|${states[e.type]}`, Date.parse(e.at));
          });
        }
        """;

    private const string Latencies = """
        () => window.__dom.map(([id, state, t]) => {
          const at = window.__journal.get(`${id}|${state}`);
          return at === undefined ? -1 : t - at;
        }).filter((ms) => ms >= 0)
        """;

    [Fact]
    public async Task Dashboard_ThousandFastTasks_StateChangesReachTheDomWithinOneSecondAtP99()
    {
        await using var run = await MonitoredRun.StartAsync(Queue());
        await using var tab = await browser.OpenAsync(run.Url.ToString());
        await tab.WaitForStateAsync("start", "running");
        await tab.Page.EvaluateAsync(Recorder);

        await File.WriteAllTextAsync(run.Workspace.PathOf("release"), "");
        await Assertions.Expect(tab.TestId("completed")).ToHaveTextAsync($"{Tasks + 1} of {Tasks + 1}", new() { Timeout = 300_000 });

        var latencies = (await tab.Page.EvaluateAsync<double[]>(Latencies)).Order().ToArray();
        var arrivals = (await tab.Page.EvaluateAsync<double[]>("() => window.__arrival")).Order().ToArray();
        var p50 = Percentile(latencies, 0.50);
        var p99 = Percentile(latencies, 0.99);
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{Tasks} fast tasks, concurrency 8: {latencies.Length} state changes, journal event to DOM p50 {p50:F0} ms, p99 {p99:F0} ms, max {latencies[^1]:F0} ms; "
            + $"to the feed's arrival in the page p50 {Percentile(arrivals, 0.50):F0} ms, p99 {Percentile(arrivals, 0.99):F0} ms");
        output.WriteLine(line);
        await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, "dashboard-latency.txt"), line + "\n");

        Assert.True(latencies.Length >= Tasks, $"only {latencies.Length} state changes were seen in the DOM");
        Assert.True(p99 < 1000, line);
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
