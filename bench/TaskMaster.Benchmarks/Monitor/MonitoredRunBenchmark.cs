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
        return new MonitoredRunResult(throughput, received.Length == 0 ? 0 : received.Min(r => r.Updates), received.Sum(r => r.Resyncs));
    }
}

/// <param name="MinUpdates">The fewest <c>update</c> events a feed client received.</param>
internal sealed record MonitoredRunResult(Throughput Throughput, int MinUpdates, int Resyncs);

/// <summary>An SSE client that reads the whole feed and counts what it got, as a dashboard tab would receive it.</summary>
internal sealed class FeedClientReader
{
    private FeedClientReader(Task<(int Updates, int Resyncs)> finished) => Finished = finished;

    public Task<(int Updates, int Resyncs)> Finished { get; }

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
            using (response)
            using (reader)
            {
                while (await reader.ReadLineAsync() is { } line)
                {
                    if (line == "event: update") updates++;
                    else if (line == "event: resync") resyncs++;
                }
            }
            return (updates, resyncs);
        }));
    }
}
