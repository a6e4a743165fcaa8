namespace TaskMaster.Benchmarks.Dispatch;

internal static class DispatchSuite
{
    public static async Task RunAsync(int tasks, int repeat)
    {
        var independent = DispatchBenchmark.Independent(tasks);
        var chain = DispatchBenchmark.Chain(tasks);
        // Warm up the JIT on a small run of each shape.
        await DispatchBenchmark.SchedulerAsync(DispatchBenchmark.Independent(10_000), 256);
        await DispatchBenchmark.SchedulerAsync(DispatchBenchmark.Chain(10_000), 1);
        await DispatchBenchmark.ChannelAsync(100_000);

        var rows = new List<(string Name, List<double> PerSecond)>
        {
            ("bare Channel<T> pipe", []),
            ($"scheduler, {tasks:N0} independent, in-memory journal", []),
            ($"scheduler, {tasks:N0}-task chain, in-memory journal", []),
        };
        for (var i = 0; i < repeat; i++)
        {
            rows[0].PerSecond.Add(await DispatchBenchmark.ChannelAsync(tasks));
            rows[1].PerSecond.Add(await DispatchBenchmark.SchedulerAsync(independent, 256));
            rows[2].PerSecond.Add(await DispatchBenchmark.SchedulerAsync(chain, 1));
        }
        var ceiling = Stats.Median(rows[0].PerSecond);
        Console.WriteLine($"| case | median tasks/s | vs Channel<T> |");
        Console.WriteLine($"| --- | ---: | ---: |");
        foreach (var (name, perSecond) in rows)
        {
            var median = Stats.Median(perSecond);
            Console.WriteLine($"| {name} | {median:N0} | {median / ceiling:0.000}× |");
        }
    }
}
