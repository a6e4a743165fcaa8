using System.Threading.Channels;
using TaskMaster.Core.Queue;
using TaskMaster.Core.Scheduling;

namespace TaskMaster.Benchmarks.Dispatch;

/// <summary>
/// In-process dispatch of no-op tasks through the real scheduler (journal, fold, DAG readiness,
/// dispatch), against a bare Channel&lt;T&gt; pipe (the ceiling) measured in the same run.
/// </summary>
internal static class DispatchBenchmark
{
    /// <summary>Runs <paramref name="queue"/> through <see cref="RunScheduler"/> with an executor that completes every attempt at once.</summary>
    /// <param name="queue">The tasks.</param>
    /// <param name="concurrency">Attempts in flight at once: what one step of the scheduler may start.</param>
    /// <param name="keepEvents">Whether the in-memory journal keeps every event (as tests do) or only counts them.</param>
    public static async Task<Throughput> SchedulerAsync(QueueDefinition queue, int concurrency, bool keepEvents)
    {
        CleanHeap.Collect();
        var options = new SchedulerOptions
        {
            RunId = "bench",
            Concurrency = concurrency,
            CpuCapacity = concurrency,
        };
        var scheduler = new RunScheduler(queue, options, new NoOpExecutor(), new InMemoryEventJournal(keepEvents), [], TimeProvider.System);
        RunSummary? summary = null;
        var throughput = await Throughput.MeasureAsync(queue.Tasks.Count, async () => summary = await scheduler.RunAsync());
        if (summary?.Succeeded != queue.Tasks.Count) throw new InvalidOperationException($"only {summary?.Succeeded} tasks succeeded");
        return throughput;
    }

    /// <summary>Items through a bare unbounded channel, producer and consumer on two threads.</summary>
    public static async Task<Throughput> ChannelAsync(int count)
    {
        CleanHeap.Collect();
        var channel = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var received = 0;
        var throughput = await Throughput.MeasureAsync(count, async () =>
        {
            var consumer = Task.Run(async () =>
            {
                var seen = 0;
                while (await channel.Reader.WaitToReadAsync())
                    while (channel.Reader.TryRead(out _)) seen++;
                return seen;
            });
            for (var i = 0; i < count; i++) channel.Writer.TryWrite(i);
            channel.Writer.Complete();
            received = await consumer;
        });
        if (received != count) throw new InvalidOperationException("lost items");
        return throughput;
    }
}
