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
        Console.WriteLine("| case | runs | run s (median) | tasks/s (median) | vs journal only (median of paired runs) | checkpoints during the run | GC pauses (total) |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (mode, results) in runs)
        {
            var paired = Stats.Median(results.Zip(baseline, (r, b) => r.TasksPerSecond / b.TasksPerSecond).ToList());
            Console.WriteLine($"| {Cases.Name(mode, interval)} | {results.Count} | {Median(results, r => r.Elapsed.TotalSeconds):0.00} " +
                              $"| {Median(results, r => r.TasksPerSecond):N0} | {paired:0.000}× ({(paired - 1) * 100:+0.0;-0.0} %) " +
                              $"| {Median(results, r => DuringRun(r)):0} | {Median(results, r => r.Gc.Paused.TotalMilliseconds):0} ms |");
        }
        if (!runs.TryGetValue(CheckpointMode.Written, out var written)) return;
        if (Median(written, DuringRun) > 0)
        {
            // What one checkpoint costs the run, and the interval at which that cost would be 2 % of it.
            var cost = (Median(written, r => r.Elapsed.TotalSeconds) - Median(baseline, r => r.Elapsed.TotalSeconds)) / Median(written, DuringRun);
            Console.WriteLine();
            Console.WriteLine(cost <= 0
                ? "The runs with checkpoints were not slower than those without: no cost per checkpoint can be told from the noise."
                : $"Each checkpoint cost the run {cost:0.00} s (run time lost / checkpoints during the run); at that cost, checkpoints " +
                  $"every {cost / 0.02:0} s would take 2 % of throughput, every 5 min {cost / 300 * 100:0.00} %.");
        }
        StallReport.CheckpointTable(written.SelectMany(r => r.Checkpoints).ToList());
    }

    /// <summary>Checkpoints written while the run went on (the shutdown one comes after it).</summary>
    private static double DuringRun(DurableRunResult run) => run.Checkpoints.Count(c => c.Bytes > 0 && c.Reason != "shutdown");

    private static double Median<T>(IEnumerable<T> items, Func<T, double> value) => Stats.Median(items.Select(value).ToList());
}
