using System.Diagnostics;
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
    public static QueueDefinition Independent(int count) => Build(count, chain: false);

    public static QueueDefinition Chain(int count) => Build(count, chain: true);

    private static QueueDefinition Build(int count, bool chain)
    {
        var command = new TaskCommand("true", TaskCommand.DefaultShell, 1, false);
        var tasks = new TaskDefinition[count];
        for (var i = 0; i < count; i++)
        {
            tasks[i] = new TaskDefinition
            {
                Id = $"t{i}",
                Title = $"task {i}",
                Command = command,
                DependsOn = chain && i > 0 ? [$"t{i - 1}"] : [],
            };
        }
        return new QueueDefinition(chain ? "chain" : "independent", "", "/tmp/bench/task-queue.md", null, [], tasks, "bench");
    }

    /// <summary>Tasks per second through <see cref="RunScheduler"/>.</summary>
    public static async Task<double> SchedulerAsync(QueueDefinition queue, int concurrency, IEventJournal? journal = null)
    {
        var options = new SchedulerOptions
        {
            RunId = "bench",
            Concurrency = concurrency,
            CpuCapacity = concurrency,
        };
        journal ??= new InMemoryEventJournal(keepEvents: true);
        var scheduler = new RunScheduler(queue, options, new NoOpExecutor(), journal, [], TimeProvider.System);
        var watch = Stopwatch.StartNew();
        var summary = await scheduler.RunAsync();
        watch.Stop();
        if (summary.Succeeded != queue.Tasks.Count) throw new InvalidOperationException($"only {summary.Succeeded} tasks succeeded");
        return queue.Tasks.Count / watch.Elapsed.TotalSeconds;
    }

    /// <summary>Items per second through a bare unbounded channel, producer and consumer on two threads.</summary>
    public static async Task<double> ChannelAsync(int count)
    {
        var channel = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var watch = Stopwatch.StartNew();
        var consumer = Task.Run(async () =>
        {
            var seen = 0;
            while (await channel.Reader.WaitToReadAsync())
                while (channel.Reader.TryRead(out _)) seen++;
            return seen;
        });
        for (var i = 0; i < count; i++) channel.Writer.TryWrite(i);
        channel.Writer.Complete();
        var received = await consumer;
        watch.Stop();
        if (received != count) throw new InvalidOperationException("lost items");
        return count / watch.Elapsed.TotalSeconds;
    }
}
