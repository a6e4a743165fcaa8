using Microsoft.Extensions.Logging.Abstractions;
using TaskMaster.Core.Queue;
using TaskMaster.Core.Scheduling;
using TaskMaster.Monitor;
using TaskMaster.Scheduler.Reporting;

namespace TaskMaster.Benchmarks.Monitor;

/// <summary>
/// One run of a queue through the real scheduler with the status model every executor keeps, and,
/// when monitored, the monitor's observers with a real server and SSE clients reading its feed over loopback.
/// </summary>
internal static class MonitoredRunBenchmark
{
    public static async Task<MonitoredRunResult> RunAsync(QueueDefinition queue, int concurrency, ITaskExecutor executor, int feedClients)
    {
        CleanHeap.Collect();
        var time = TimeProvider.System;
        var model = new RunStatusModel(concurrency, time);
        List<IRunObserver> observers = [model];
        await using var server = feedClients < 0 ? null : await MonitorServer.StartAsync(
            new MonitorOptions { Port = 0 },
            new MonitorRun { RunId = "bench", Queue = queue, Home = new HomeLayout(Path.Combine(Path.GetTempPath(), "taskmaster-bench-monitor")), Status = model },
            "bench-token", NullLoggerFactory.Instance);
        using var http = server is null ? null : new HttpClient { BaseAddress = server.Url, Timeout = Timeout.InfiniteTimeSpan };
        var clients = new List<FeedClientReader>();
        if (server is not null)
        {
            observers.AddRange(server.Observers);
            for (var i = 0; i < feedClients; i++) clients.Add(await FeedClientReader.ConnectAsync(http!));
        }
        var options = new SchedulerOptions { RunId = "bench", Concurrency = concurrency, CpuCapacity = concurrency };
        var scheduler = new RunScheduler(queue, options, executor, new InMemoryEventJournal(keepEvents: false), observers, time);
        RunSummary? summary = null;
        var throughput = await Throughput.MeasureAsync(queue.Tasks.Count, async () => summary = await scheduler.RunAsync());
        if (summary?.Succeeded != queue.Tasks.Count) throw new InvalidOperationException($"only {summary?.Succeeded} tasks succeeded");
        // The feed ends with the run: every client gets the last update, then its stream closes.
        var received = await Task.WhenAll(clients.Select(c => c.Finished)).WaitAsync(TimeSpan.FromSeconds(60));
        var lags = received.SelectMany(r => r.LagsMs).ToList();
        return new MonitoredRunResult(throughput, received.Length == 0 ? 0 : received.Min(r => r.Updates), received.Sum(r => r.Resyncs),
            lags.Count == 0 ? double.NaN : Percentile(lags, 0.5), lags.Count == 0 ? double.NaN : Percentile(lags, 0.99));
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }
}

/// <param name="MinUpdates">The fewest <c>update</c> events a feed client received.</param>
/// <param name="LagP50Ms">Freshness: from the newest event in an update being stamped by the scheduler to a client having read the update.</param>
internal sealed record MonitoredRunResult(Throughput Throughput, int MinUpdates, int Resyncs, double LagP50Ms, double LagP99Ms);

/// <summary>An SSE client that reads the whole feed and counts what it got, as a dashboard tab would receive it.</summary>
internal sealed class FeedClientReader
{
    private FeedClientReader(Task<(int Updates, int Resyncs, List<double> LagsMs)> finished) => Finished = finished;

    public Task<(int Updates, int Resyncs, List<double> LagsMs)> Finished { get; }

    public static async Task<FeedClientReader> ConnectAsync(HttpClient http)
    {
        var response = await http.GetAsync("api/v1/events", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        // Connected once the hello is in: the run starts after every client is.
        if (await reader.ReadLineAsync() != "event: hello") throw new InvalidOperationException("the feed did not start with hello");
        return new FeedClientReader(Task.Run(async () =>
        {
            int updates = 0, resyncs = 0;
            var lags = new List<double>();
            var inUpdate = false;
            using (response)
            using (reader)
            {
                while (await reader.ReadLineAsync() is { } line)
                {
                    if (line == "event: update") (updates, inUpdate) = (updates + 1, true);
                    else if (line == "event: resync") resyncs++;
                    else if (inUpdate && line.StartsWith("data: ", StringComparison.Ordinal))
                    {
                        inUpdate = false;
                        if (NewestEventAt(line) is { } at) lags.Add((DateTimeOffset.UtcNow - at).TotalMilliseconds);
                    }
                }
            }
            return (updates, resyncs, lags);
        }));
    }

    /// <summary>The time of the update's newest journal event (its events come oldest first, each with <c>"at"</c>), without parsing the whole update.</summary>
    private static DateTimeOffset? NewestEventAt(string data)
    {
        var events = data.LastIndexOf("\"events\":[", StringComparison.Ordinal);
        var at = events < 0 ? -1 : data.LastIndexOf("\"at\":\"", StringComparison.Ordinal);
        if (at < events) return null;
        var start = at + "\"at\":\"".Length;
        return DateTimeOffset.TryParse(data.AsSpan(start, data.IndexOf('"', start) - start), System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.None, out var value) ? value : null;
    }
}
