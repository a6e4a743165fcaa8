using System.Globalization;
using Microsoft.Playwright;

namespace TaskMaster.Dashboard.Tests.Support;

/// <summary>
/// Times, in the page, every task's state change from its journal event's <c>at</c> to the moment its
/// row changes in the DOM (a MutationObserver), split into stages: the server (event to the update's
/// <c>published_at</c>), the way to the page (to the store taking the update) and the page itself (to
/// the DOM). Whatever serves the dashboard: one executor, or the cluster's monitor service.
/// </summary>
internal static class LatencyProbe
{
    public const string Recorder = """
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
    public const string AllFinished = """
        (total) => new Promise((resolve) => {
          const store = taskmasterDashboard.store, done = () => (store.summary?.finished ?? 0) >= total;
          if (done()) return resolve();
          const stop = store.subscribe(() => { if (done()) { stop(); resolve(); } });
        })
        """;

    /// <summary>For each DOM change, in ms: [journal event to DOM, event to published, published to received, received to DOM].</summary>
    public const string Latencies = """
        () => window.__dom.map(([id, state, t]) => {
          const key = `${id}|${state}`, at = window.__journal.get(key), received = window.__received.get(key), published = window.__published.get(key);
          return at === undefined || received === undefined ? null : [t - at, published - at, received - published, t - received];
        }).filter((stages) => stages !== null)
        """;

    /// <summary>The figures of every change seen: all, in ms, each stage sorted.</summary>
    public static async Task<LatencyFigures> MeasureAsync(IPage page) => new(await page.EvaluateAsync<double[][]>(Latencies));

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}

/// <summary>Every change's stages in ms: [journal event to DOM, event to published, published to received, received to DOM].</summary>
internal sealed record LatencyFigures(double[][] Changes)
{
    public double[] Stage(int i) => Changes.Select(c => c[i]).Order().ToArray();

    public string Describe(int i) =>
        string.Create(CultureInfo.InvariantCulture, $"p50 {LatencyProbe.Percentile(Stage(i), 0.50):F0} ms, p99 {LatencyProbe.Percentile(Stage(i), 0.99):F0} ms");
}
