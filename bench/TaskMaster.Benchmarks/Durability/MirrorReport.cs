namespace TaskMaster.Benchmarks.Durability;

/// <summary>
/// Benchmark 4: what the journal's mirror costs dispatch. The unpaced 100k-task run with no
/// checkpointer and the journal alone, mirrored with both fsyncs at once (the default), and mirrored
/// with one fsync after the other; the ratio is the median of the ratios within each round.
/// </summary>
internal static class MirrorReport
{
    public static void Print(IReadOnlyDictionary<JournalMirrorMode, List<DurableRunResult>> runs)
    {
        Console.WriteLine();
        Console.WriteLine("### 4. The journal's mirror (no checkpointer; tasks complete at once)");
        Console.WriteLine();
        Console.WriteLine("| journal | runs | tasks/s (median) | vs journal alone | p99 gap ms | p99.9 gap ms | longest gap ms (worst) | flushes > 2 ms |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        var alone = runs[JournalMirrorMode.None];
        foreach (var (mode, results) in runs)
        {
            var ratios = results.Select((r, round) => r.TasksPerSecond / alone[round].TasksPerSecond).ToList();
            Console.WriteLine($"| {Name(mode)} | {results.Count} | {Median(results, r => r.TasksPerSecond):N0} | {Stats.Median(ratios):0.000}× " +
                              $"| {Median(results, r => r.Gaps.P99):0.00} | {Median(results, r => r.Gaps.P999):0.00} " +
                              $"| {Median(results, r => r.Gaps.Max):0.0} ({results.Max(r => r.Gaps.Max):0.0}) | {Median(results, r => r.SlowFlushes.Count):0} |");
        }
    }

    public static string Name(JournalMirrorMode mode) => mode switch
    {
        JournalMirrorMode.None => "alone (one fsync per step)",
        JournalMirrorMode.Parallel => "+ mirror, both fsyncs at once (default)",
        _ => "+ mirror, fsyncs one after the other",
    };

    private static double Median<T>(IEnumerable<T> items, Func<T, double> value) => Stats.Median(items.Select(value).ToList());
}
