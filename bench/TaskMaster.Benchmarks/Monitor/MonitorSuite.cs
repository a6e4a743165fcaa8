using TaskMaster.Benchmarks.Dispatch;
using TaskMaster.Core.Queue;
using TaskMaster.Core.Scheduling;

namespace TaskMaster.Benchmarks.Monitor;

/// <summary>
/// The <c>monitor</c> suite: the same run with and without the monitor (server, metrics, feed and
/// <c>--clients</c> SSE clients reading it), in the same process, taking turns, repeated; medians
/// and their ratio. Two workloads: no-op tasks (the worst case: nothing but the scheduler and its
/// observers) and short sleeping tasks (real work, where the monitor should cost nothing visible).
/// </summary>
internal static class MonitorSuite
{
    public static async Task RunAsync(int tasks, int sleepingTasks, int clients, int repeat)
    {
        var noOp = BenchQueues.Independent(tasks);
        var sleeping = BenchQueues.Independent(sleepingTasks);
        var workloads = new[]
        {
            new Workload($"no-op tasks, concurrency 256", noOp, 256, () => new NoOpExecutor()),
            new Workload($"10 ms tasks, concurrency 64", sleeping, 64, () => new SleepingExecutor(TimeSpan.FromMilliseconds(10))),
        };
        // Warm-up: the runtime recompiles hot paths with what it saw (tiered PGO) only after a while.
        foreach (var w in workloads)
        {
            await Run(w, -1);
            await Run(w, clients);
        }
        for (var i = 0; i < repeat; i++)
        {
            foreach (var w in workloads)
            {
                var bare = await Run(w, -1);
                var watched = await Run(w, clients);
                w.Bare.Add(bare.Throughput.PerSecond);
                w.Watched.Add(watched.Throughput.PerSecond);
                w.MinUpdates.Add(watched.MinUpdates);
                w.Resyncs.Add(watched.Resyncs);
                w.LagP50.Add(watched.LagP50Ms);
                w.LagP99.Add(watched.LagP99Ms);
                Console.Error.WriteLine($"repeat {i + 1}/{repeat}: {w.Name}: {bare.Throughput.PerSecond:N0} tasks/s without, " +
                                        $"{watched.Throughput.PerSecond:N0} with ({watched.MinUpdates} updates to the slowest client, {watched.Resyncs} resyncs, " +
                                        $"freshness p50 {watched.LagP50Ms:0.0} ms, p99 {watched.LagP99Ms:0.0} ms)");
            }
        }

        Console.WriteLine($"| workload | tasks | median tasks/s without monitor | with monitor + {clients} SSE clients | ratio | updates per client (median of min) | resyncs (median) | freshness p50 / p99 ms (medians) |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var w in workloads)
        {
            double without = Stats.Median(w.Bare), with = Stats.Median(w.Watched);
            Console.WriteLine($"| {w.Name} | {w.Queue.Tasks.Count:N0} | {without:N0} | {with:N0} | {with / without:0.000} | " +
                              $"{Stats.Median(w.MinUpdates.Select(u => (double)u).ToList()):N0} | {Stats.Median(w.Resyncs.Select(r => (double)r).ToList()):N0} | " +
                              $"{Stats.Median(w.LagP50):0.0} / {Stats.Median(w.LagP99):0.0} |");
        }
    }

    private static Task<MonitoredRunResult> Run(Workload w, int clients) =>
        MonitoredRunBenchmark.RunAsync(w.Queue, w.Concurrency, w.Executor(), clients);

    private sealed record Workload(string Name, QueueDefinition Queue, int Concurrency, Func<ITaskExecutor> Executor)
    {
        public List<double> Bare { get; } = [];

        public List<double> Watched { get; } = [];

        public List<int> MinUpdates { get; } = [];

        public List<int> Resyncs { get; } = [];

        public List<double> LagP50 { get; } = [];

        public List<double> LagP99 { get; } = [];
    }
}
