using System.Diagnostics;

namespace TaskMaster.Benchmarks.Durability;

/// <summary>
/// The gaps between consecutive dispatches of one run, in milliseconds. A gap that overlaps a
/// checkpoint (from the checkpointer starting to build it to the store returning) counts as
/// "during a checkpoint".
/// </summary>
internal sealed record DispatchGaps(
    double P50, double P99, double P999, double Max, double MaxDuringCheckpoint, double MaxOutsideCheckpoints, int Over5Ms,
    IReadOnlyList<DispatchGap> Longest)
{
    public const int LongestKept = 5;

    public static DispatchGaps Of(ReadOnlySpan<long> stamps, IReadOnlyList<CheckpointWrite> checkpoints)
    {
        if (stamps.Length < 2) throw new ArgumentException("need at least two dispatches", nameof(stamps));
        var gaps = new double[stamps.Length - 1];
        double during = 0, outside = 0;
        var over5 = 0;
        var longest = new List<DispatchGap>(LongestKept + 1);
        for (var i = 1; i < stamps.Length; i++)
        {
            var gap = Stopwatch.GetElapsedTime(stamps[i - 1], stamps[i]).TotalMilliseconds;
            gaps[i - 1] = gap;
            if (gap > 5) over5++;
            if (longest.Count < LongestKept || gap > longest[^1].Milliseconds)
            {
                longest.Add(new DispatchGap(stamps[i - 1], stamps[i], gap));
                longest.Sort((a, b) => b.Milliseconds.CompareTo(a.Milliseconds));
                if (longest.Count > LongestKept) longest.RemoveAt(LongestKept);
            }
            if (Overlaps(stamps[i - 1], stamps[i], checkpoints)) during = Math.Max(during, gap);
            else outside = Math.Max(outside, gap);
        }
        Array.Sort(gaps);
        return new DispatchGaps(Percentile(gaps, 0.50), Percentile(gaps, 0.99), Percentile(gaps, 0.999), gaps[^1], during, outside, over5, longest);
    }

    private static bool Overlaps(long from, long to, IReadOnlyList<CheckpointWrite> checkpoints)
    {
        foreach (var c in checkpoints)
            if (from < c.EndedAt && to > c.StartedAt) return true;
        return false;
    }

    // Nearest rank: the smallest gap with at least p of all gaps at or below it.
    private static double Percentile(double[] sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}

/// <summary>One gap between two dispatches (<see cref="Stopwatch"/> timestamps).</summary>
internal readonly record struct DispatchGap(long From, long To, double Milliseconds);
