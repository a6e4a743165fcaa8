using TaskMaster.Benchmarks.Dispatch;
using TaskMaster.Core.Queue;
using TaskMaster.Core.Scheduling;

namespace TaskMaster.Benchmarks.Monitor;

/// <summary>
/// The <c>monitor</c> suite: the same run without the monitor, with it and no client, and with it and
/// <c>--clients</c> SSE clients reading the feed, in the same process, taking turns, repeated; medians
/// and their ratios; then what each observer costs per event on the scheduler's loop, timed in a run of
/// its own. Two workloads: no-op tasks (the worst case: nothing but the scheduler and its observers)
/// and short sleeping tasks (real work, where the monitor should cost nothing visible).
/// </summary>
internal static class MonitorSuite
{
    public static async Task RunAsync(int tasks, int sleepingTasks, int clients, int repeat, int warmup)
    {
        var workloads = new[]
        {
            new Workload("no-op tasks, concurrency 256", BenchQueues.Independent(tasks), 256, () => new NoOpExecutor()),
            new Workload("10 ms tasks, concurrency 64", BenchQueues.Independent(sleepingTasks), 64, () => new SleepingExecutor(TimeSpan.FromMilliseconds(10))),
        };
        // Warm-up: the runtime recompiles hot paths with what it saw (tiered PGO) only after a while, and every
        // monitored run starts a server whose own first calls delay that; a round or two leaves the observers unoptimized.
        for (var i = 0; i < warmup; i++)
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
                var idle = await Run(w, 0);
                var watched = await Run(w, clients);
                var timed = await Run(w, clients, timeObservers: true);
                w.Add(bare, idle, watched, timed);
                Console.Error.WriteLine($"repeat {i + 1}/{repeat}: {w.Name}: {bare.Throughput.PerSecond:N0} tasks/s without, {idle.Throughput.PerSecond:N0} with no client, " +
                                        $"{watched.Throughput.PerSecond:N0} with {clients} ({watched.MinUpdates} updates to the slowest client, {watched.Resyncs} resyncs, " +
                                        $"freshness p50 {watched.LagP50Ms:0.0} ms, p99 {watched.LagP99Ms:0.0} ms, of which in the executor p50 {watched.ExecutorP50Ms:0.0} ms, " +
                                        $"p99 {watched.ExecutorP99Ms:0.0} ms); ns per event on the loop: " +
                                        string.Join(", ", timed.ObserverNs.Select(o => $"{o.Key} {o.Value:0}")));
            }
        }

        Console.WriteLine($"| workload | tasks | median tasks/s without monitor | with monitor, no client | ratio | with monitor + {clients} SSE clients | ratio | updates per client (median of min) | resyncs (median) | freshness p50 / p99 ms | of which in the executor p50 / p99 ms |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var w in workloads)
        {
            double without = Median(w.Runs, r => r.Bare.Throughput.PerSecond), idle = Median(w.Runs, r => r.Idle.Throughput.PerSecond),
                with = Median(w.Runs, r => r.Watched.Throughput.PerSecond);
            Console.WriteLine($"| {w.Name} | {w.Queue.Tasks.Count:N0} | {without:N0} | {idle:N0} | {idle / without:0.000} | {with:N0} | {with / without:0.000} | " +
                              $"{Median(w.Runs, r => r.Watched.MinUpdates):N0} | {Median(w.Runs, r => r.Watched.Resyncs):N0} | " +
                              $"{Median(w.Runs, r => r.Watched.LagP50Ms):0.0} / {Median(w.Runs, r => r.Watched.LagP99Ms):0.0} | " +
                              $"{Median(w.Runs, r => r.Watched.ExecutorP50Ms):0.0} / {Median(w.Runs, r => r.Watched.ExecutorP99Ms):0.0} |");
        }
        Console.WriteLine();
        var observers = workloads[0].Runs[0].Timed.ObserverNs.Keys.ToList();
        Console.WriteLine($"| workload (observers timed, {clients} clients) | " + string.Join(" | ", observers.Select(o => $"{o}, ns per event")) + " |");
        Console.WriteLine("| --- |" + string.Concat(observers.Select(_ => " ---: |")));
        foreach (var w in workloads)
            Console.WriteLine($"| {w.Name} | " + string.Join(" | ", observers.Select(o => $"{Median(w.Runs, r => r.Timed.ObserverNs[o]):0}")) + " |");
    }

    private static double Median(List<Repeat> runs, Func<Repeat, double> figure) => Stats.Median(runs.Select(figure).ToList());

    private static Task<MonitoredRunResult> Run(Workload w, int clients, bool timeObservers = false) =>
        MonitoredRunBenchmark.RunAsync(w.Queue, w.Concurrency, w.Executor(), clients, timeObservers);

    private sealed record Repeat(MonitoredRunResult Bare, MonitoredRunResult Idle, MonitoredRunResult Watched, MonitoredRunResult Timed);

    private sealed record Workload(string Name, QueueDefinition Queue, int Concurrency, Func<ITaskExecutor> Executor)
    {
        public List<Repeat> Runs { get; } = [];

        public void Add(MonitoredRunResult bare, MonitoredRunResult idle, MonitoredRunResult watched, MonitoredRunResult timed) =>
            Runs.Add(new Repeat(bare, idle, watched, timed));
    }
}
