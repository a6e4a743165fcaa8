namespace TaskMaster.Benchmarks.Dispatch;

/// <summary>
/// The <c>dispatch</c> suite: each repeat runs every case once, in turn, so that the noise of a
/// shared machine falls on all of them; the table shows medians.
/// </summary>
internal static class DispatchSuite
{
    // Steps start at most this many no-op attempts: wide enough that dispatch, not the step, is measured.
    private const int IndependentConcurrency = 256;

    public static async Task RunAsync(int tasks, int hangfireJobs, int hangfireWorkers, int repeat)
    {
        var independent = BenchQueues.Independent(tasks);
        var chain = BenchQueues.Chain(tasks);
        var channel = new DispatchCase("bare Channel<T> pipe (the ceiling)", tasks, () => DispatchBenchmark.ChannelAsync(tasks));
        var hangfire = new DispatchCase($"Hangfire 1.8 + Hangfire.InMemory, {hangfireWorkers} workers", hangfireJobs,
            () => HangfireBaseline.RunAsync(hangfireJobs, hangfireWorkers));
        List<DispatchCase> cases =
        [
            channel,
            new("TaskMaster scheduler, independent, in-memory journal keeping events", tasks,
                () => DispatchBenchmark.SchedulerAsync(independent, IndependentConcurrency, keepEvents: true)),
            new("TaskMaster scheduler, chain, in-memory journal keeping events", tasks,
                () => DispatchBenchmark.SchedulerAsync(chain, 1, keepEvents: true)),
            new("TaskMaster scheduler, independent, in-memory journal counting events", tasks,
                () => DispatchBenchmark.SchedulerAsync(independent, IndependentConcurrency, keepEvents: false)),
            new("TaskMaster scheduler, chain, in-memory journal counting events", tasks,
                () => DispatchBenchmark.SchedulerAsync(chain, 1, keepEvents: false)),
            hangfire,
        ];

        await WarmUpAsync(cases);
        for (var i = 0; i < repeat; i++)
        {
            foreach (var c in cases)
            {
                var run = await c.Run();
                c.Runs.Add(run);
                // Each run on stderr, to see the spread; the table on stdout stays clean markdown.
                Console.Error.WriteLine($"repeat {i + 1}/{repeat}: {c.Name}: {run.PerSecond:N0} tasks/s");
            }
        }

        Console.WriteLine("| case | tasks | median tasks/s | vs Channel<T> | vs Hangfire | allocated B/task |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var c in cases)
        {
            var bytes = Stats.Median(c.Runs.Select(r => r.BytesPerItem).ToList());
            Console.WriteLine($"| {c.Name} | {c.Tasks:N0} | {c.MedianPerSecond:N0} | {c.MedianPerSecond / channel.MedianPerSecond:0.0000}× | {c.MedianPerSecond / hangfire.MedianPerSecond:N1}× | {bytes:N0} |");
        }
    }

    // Rounds of every case that are not counted: the runtime compiles hot methods again, optimized
    // with what it saw (tiered compilation, dynamic PGO), only after they have run for a while, and on
    // two cores that compilation also takes a core from the run. Two full rounds get past it here.
    private static async Task WarmUpAsync(List<DispatchCase> cases)
    {
        for (var i = 0; i < 2; i++)
            foreach (var c in cases) await c.Run();
    }

    private sealed record DispatchCase(string Name, int Tasks, Func<Task<Throughput>> Run)
    {
        public List<Throughput> Runs { get; } = [];

        public double MedianPerSecond => Stats.Median(Runs.Select(r => r.PerSecond).ToList());
    }
}
