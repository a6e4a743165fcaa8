namespace TaskMaster.Benchmarks.Durability;

/// <summary>Benchmark 2: throughput of a paced run with a checkpoint every second against none, repeats interleaved.</summary>
internal static class ThroughputReport
{
    public static void Print(IReadOnlyDictionary<CheckpointMode, List<DurableRunResult>> runs, TimeSpan interval)
    {
        var baseline = runs[CheckpointMode.None];
        Console.WriteLine();
        Console.WriteLine($"### 2. Throughput, checkpoints every {interval.TotalSeconds:0.#} s against none (tasks take ~1 ms each)");
        Console.WriteLine();
        Console.WriteLine("| case | runs | run s (median) | tasks/s (median) | vs journal only (median of paired runs) | checkpoints per run | GC pauses (total) |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (mode, results) in runs)
        {
            var paired = Stats.Median(results.Zip(baseline, (r, b) => r.TasksPerSecond / b.TasksPerSecond).ToList());
            Console.WriteLine($"| {Cases.Name(mode, interval)} | {results.Count} | {Median(results, r => r.Elapsed.TotalSeconds):0.00} " +
                              $"| {Median(results, r => r.TasksPerSecond):N0} | {paired:0.000}× ({(paired - 1) * 100:+0.0;-0.0} %) " +
                              $"| {Median(results, r => r.Checkpoints.Count(c => c.Bytes > 0)):0} | {Median(results, r => r.Gc.Paused.TotalMilliseconds):0} ms |");
        }
        if (runs.TryGetValue(CheckpointMode.Written, out var written)) StallReport.CheckpointTable(written.SelectMany(r => r.Checkpoints).ToList());
    }

    private static double Median<T>(IEnumerable<T> items, Func<T, double> value) => Stats.Median(items.Select(value).ToList());
}
