using System.Globalization;

namespace TaskMaster.Benchmarks.Durability;

/// <summary>
/// Benchmark 1: the gaps between dispatches of an unpaced 100k-task run, with checkpoints written
/// back to back (every 200 ms) against the same run with no checkpointer, and what the longest gaps were.
/// </summary>
internal static class StallReport
{
    public static void Print(IReadOnlyDictionary<CheckpointMode, List<DurableRunResult>> runs, GcPauseListener gcPauses, TimeSpan interval)
    {
        Console.WriteLine();
        Console.WriteLine($"### 1. Dispatch gaps while checkpoints are written (tasks complete at once; checkpoint interval {interval.TotalMilliseconds:0} ms)");
        Console.WriteLine();
        Console.WriteLine("Gap = time between two consecutive dispatches, in ms; each figure is the median over the runs, the worst run in brackets.");
        Console.WriteLine();
        Console.WriteLine("| case | runs | tasks/s | p50 | p99 | p99.9 | longest | longest during a checkpoint | gaps > 5 ms | GC pauses (total) |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (mode, results) in runs)
        {
            Console.WriteLine($"| {Cases.Name(mode, interval)} | {results.Count} | {Median(results, r => r.TasksPerSecond):N0} " +
                              $"| {Median(results, r => r.Gaps.P50):0.000} | {Median(results, r => r.Gaps.P99):0.00} | {Median(results, r => r.Gaps.P999):0.00} " +
                              $"| {Median(results, r => r.Gaps.Max):0.0} ({results.Max(r => r.Gaps.Max):0.0}) " +
                              $"| {(mode == CheckpointMode.None ? "–" : $"{Median(results, r => r.Gaps.MaxDuringCheckpoint):0.0} ({results.Max(r => r.Gaps.MaxDuringCheckpoint):0.0})")} " +
                              $"| {Median(results, r => r.Gaps.Over5Ms):0} | {Median(results, r => r.Gc.Paused.TotalMilliseconds):0} ms |");
        }

        if (runs.TryGetValue(CheckpointMode.None, out var alone) && runs.TryGetValue(CheckpointMode.Written, out var with))
        {
            // The aim (issue 10): the longest gap with checkpoints back to back within 2× the journal-only run's of the same round.
            var ratios = with.Zip(alone, (w, a) => w.Gaps.Max / a.Gaps.Max).ToList();
            Console.WriteLine();
            Console.WriteLine($"Longest gap with checkpoints written against the journal-only run of the same round: {Stats.Median(ratios):0.00}× " +
                              $"(rounds: {string.Join(", ", ratios.Select(r => r.ToString("0.00", CultureInfo.InvariantCulture) + "×"))}); aim ≤ 2×. " +
                              $"p99.9 with checkpoints: {Median(with, r => r.Gaps.P999):0.00} ms; aim ≤ 1 ms.");
            var during = with.SelectMany(r => r.Flushes.DuringStores).Order().ToArray();
            var otherwise = with.SelectMany(r => r.Flushes.Otherwise).Order().ToArray();
            var none = alone.SelectMany(r => r.Flushes.Otherwise).Order().ToArray();
            Console.WriteLine();
            Console.WriteLine("Journal flushes (write + fsync, ms), all runs of a case together: does the journal's fsync wait behind a checkpoint's writes?");
            Console.WriteLine();
            Console.WriteLine("| flushes | count | p50 | p99 | p99.9 | longest |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
            foreach (var (name, times) in new[] { ("while a checkpoint is being written", during), ("with checkpoints, between their writes", otherwise), ("journal only (no checkpointer)", none) })
            {
                Console.WriteLine($"| {name} | {times.Length:N0} | {FlushTimes.Percentile(times, 0.5):0.00} | {FlushTimes.Percentile(times, 0.99):0.00} " +
                                  $"| {FlushTimes.Percentile(times, 0.999):0.00} | {(times.Length == 0 ? double.NaN : times[^1]):0.0} |");
            }
        }

        foreach (var (mode, results) in runs)
        {
            var causes = results.SelectMany(r => r.Gaps.Longest.Select(g => Cause(g, r, gcPauses))).ToList();
            Console.WriteLine();
            Console.WriteLine($"{Cases.Name(mode, interval)}: what the {causes.Count} longest gaps ({DispatchGaps.LongestKept} per run) overlapped: " +
                              string.Join(", ", causes.GroupBy(c => c.Kind).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}")) + ". Longest: " +
                              string.Join("; ", causes.OrderByDescending(c => c.Gap).Take(5).Select(c => $"{c.Gap:0.0} ms ({c.Detail})")) + ".");
        }

        if (runs.TryGetValue(CheckpointMode.Written, out var written)) CheckpointTable(written.SelectMany(r => r.Checkpoints).ToList());
    }

    /// <summary>Every checkpoint written in the runs: size and time, by reason.</summary>
    public static void CheckpointTable(IReadOnlyList<CheckpointWrite> checkpoints)
    {
        Console.WriteLine();
        Console.WriteLine("Checkpoints written (file size, and the JSON inside; encode = the fold streamed into compressed JSON, checksum included; " +
                          "store = 2 folders × (file + latest.json), each fsynced; total = encode + store):");
        Console.WriteLine();
        Console.WriteLine("| reason | count | file MB (median, max) | JSON MB (median) | encode ms (median, max) | store ms (median, max) | total ms (median, max) |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var group in checkpoints.GroupBy(c => c.Reason))
        {
            var list = group.ToList();
            Console.WriteLine($"| {group.Key} | {list.Count} | {Median(list, c => c.Bytes / 1e6):0.00}, {list.Max(c => c.Bytes / 1e6):0.00} " +
                              $"| {Median(list, c => c.JsonBytes / 1e6):0.0} " +
                              $"| {Median(list, c => c.Build.TotalMilliseconds):0}, {list.Max(c => c.Build.TotalMilliseconds):0} " +
                              $"| {Median(list, c => c.Store.TotalMilliseconds):0}, {list.Max(c => c.Store.TotalMilliseconds):0} " +
                              $"| {Median(list, c => c.Total.TotalMilliseconds):0}, {list.Max(c => c.Total.TotalMilliseconds):0} |");
        }
    }

    private static (double Gap, string Kind, string Detail) Cause(DispatchGap gap, DurableRunResult run, GcPauseListener gcPauses)
    {
        var pause = gcPauses.Within(gap.From, gap.To).OrderByDescending(p => p.Duration).FirstOrDefault();
        var flush = run.SlowFlushes.Where(f => f.StartedAt < gap.To && f.EndedAt > gap.From).OrderByDescending(f => f.Duration).FirstOrDefault();
        var inCheckpoint = run.Checkpoints.Any(c => gap.From < c.EndedAt && gap.To > c.StartedAt) ? ", during a checkpoint" : "";
        var pauseMs = pause.EndedAt == 0 ? 0 : pause.Duration.TotalMilliseconds;
        var flushMs = flush.EndedAt == 0 ? 0 : flush.Duration.TotalMilliseconds;
        // Whichever explains more of the gap is its cause; under a quarter of it explains nothing.
        if (Math.Max(pauseMs, flushMs) < gap.Milliseconds / 4) return (gap.Milliseconds, "other", $"no GC pause or slow fsync{inCheckpoint}");
        return pauseMs >= flushMs
            ? (gap.Milliseconds, $"gen{pause.Generation} GC", string.Create(CultureInfo.InvariantCulture, $"gen{pause.Generation} GC pause {pauseMs:0.0} ms{inCheckpoint}"))
            : (gap.Milliseconds, "journal fsync", string.Create(CultureInfo.InvariantCulture, $"journal flush {flushMs:0.0} ms{inCheckpoint}"));
    }

    private static double Median<T>(IEnumerable<T> items, Func<T, double> value) => Stats.Median(items.Select(value).ToList());
}
