namespace TaskMaster.Benchmarks.Durability;

/// <summary>
/// The journal's flushes of one run, split by what the checkpointer was doing meanwhile: storing a
/// checkpoint (its file writes and fsyncs), encoding one, or nothing. If the journal's fsync waits
/// behind the checkpoint's writes on the same disk, the first group is the slow one.
/// </summary>
/// <param name="DuringStores">Flush times (ms) overlapping a checkpoint's writes, sorted.</param>
/// <param name="Otherwise">Flush times (ms) overlapping no write, sorted.</param>
internal sealed record FlushTimes(double[] DuringStores, double[] Otherwise)
{
    public static FlushTimes Of(ReadOnlySpan<JournalFlush> flushes, IReadOnlyList<CheckpointWrite> checkpoints)
    {
        var during = new List<double>();
        var otherwise = new List<double>();
        foreach (var flush in flushes)
        {
            var overlaps = false;
            foreach (var c in checkpoints)
                if (flush.StartedAt < c.EndedAt && flush.EndedAt > c.StoreStartedAt) { overlaps = true; break; }
            (overlaps ? during : otherwise).Add(flush.Duration.TotalMilliseconds);
        }
        during.Sort();
        otherwise.Sort();
        return new FlushTimes([.. during], [.. otherwise]);
    }

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
