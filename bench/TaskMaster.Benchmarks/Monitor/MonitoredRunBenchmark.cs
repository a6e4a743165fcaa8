using Microsoft.Extensions.Logging.Abstractions;
using TaskMaster.Core.Queue;
using TaskMaster.Core.ReadModel;
using TaskMaster.Core.Scheduling;
using TaskMaster.Embedded;
using TaskMaster.Monitor;
using TaskMaster.Scheduler.Control;

namespace TaskMaster.Benchmarks.Monitor;

/// <summary>
/// One run of a queue through the real scheduler with the status model every executor keeps, and,
/// when monitored, the monitor's observers with a real server and SSE clients reading its feed over loopback.
/// </summary>
internal static class MonitoredRunBenchmark
{
    /// <param name="feedClients">Clients reading the feed; -1 for no monitor at all.</param>
    /// <param name="timeObservers">Time each observer on the loop (<see cref="ObserverClock"/>): the clocks cost time themselves, so not in the runs compared.</param>
    public static async Task<MonitoredRunResult> RunAsync(QueueDefinition queue, int concurrency, ITaskExecutor executor, int feedClients, bool timeObservers = false)
    {
        CleanHeap.Collect();
        var time = TimeProvider.System;
        var model = new RunStatusModel(concurrency, time);
        await using var server = feedClients < 0 ? null : await MonitorServer.StartAsync(
            new MonitorOptions { Port = 0 },
            new MonitorRun { RunId = "bench", Queue = queue, Home = new HomeLayout(Path.Combine(Path.GetTempPath(), "taskmaster-bench-monitor")), Status = model },
            LateRunControl.Create().Proxy, "bench-token", NullLoggerFactory.Instance);
        List<IRunObserver> observers = [model, .. server?.Observers ?? []];
        string[] names = ["nothing (the clock itself)", "status model", "metrics", "feed publisher"];
        var clocks = timeObservers ? observers.Prepend(new ObserverClock.Nothing()).Select((o, i) => new ObserverClock(o, names[i])).ToList() : [];
        if (timeObservers) observers = [.. clocks];
        using var http = server is null ? null : new HttpClient { BaseAddress = server.Url, Timeout = Timeout.InfiniteTimeSpan };
        var clients = new List<FeedClientReader>();
        for (var i = 0; i < feedClients; i++) clients.Add(await FeedClientReader.ConnectAsync(http!));
        var options = new SchedulerOptions { RunId = "bench", Concurrency = concurrency, CpuCapacity = concurrency };
        var scheduler = new RunScheduler(queue, options, executor, new InMemoryEventJournal(keepEvents: false), observers, time);
        RunSummary? summary = null;
        var throughput = await Throughput.MeasureAsync(queue.Tasks.Count, async () => summary = await scheduler.RunAsync());
        if (summary?.Succeeded != queue.Tasks.Count) throw new InvalidOperationException($"only {summary?.Succeeded} tasks succeeded");
        // The feed ends with the run: every client gets the last update, then its stream closes.
        var received = await Task.WhenAll(clients.Select(c => c.Finished)).WaitAsync(TimeSpan.FromSeconds(60));
        var freshness = received.SelectMany(r => r.FreshnessMs).ToList();
        var executorShare = received.SelectMany(r => r.ExecutorMs).ToList();
        return new MonitoredRunResult(throughput, received.Length == 0 ? 0 : received.Min(r => r.Updates), received.Sum(r => r.Resyncs),
            Percentile(freshness, 0.5), Percentile(freshness, 0.99), Percentile(executorShare, 0.5), Percentile(executorShare, 0.99),
            clocks.ToDictionary(c => c.Name, c => c.NanosecondsPerEvent));
    }

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }
}

/// <param name="MinUpdates">The fewest <c>update</c> events a feed client received.</param>
/// <param name="LagP50Ms">Freshness: from the newest event in an update being stamped by the scheduler to a client having read the update.</param>
/// <param name="ExecutorP50Ms">The executor's share of it: from that event to the update's <c>published_at</c>.</param>
/// <param name="ObserverNs">When timed: each observer's nanoseconds per event on the scheduler's loop.</param>
internal sealed record MonitoredRunResult(
    Throughput Throughput, int MinUpdates, int Resyncs, double LagP50Ms, double LagP99Ms, double ExecutorP50Ms, double ExecutorP99Ms,
    IReadOnlyDictionary<string, double> ObserverNs);
