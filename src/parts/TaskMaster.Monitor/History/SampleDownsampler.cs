namespace TaskMaster.Monitor.History;

/// <summary>
/// Bounds a run's samples for runs that last days: the last hour at full resolution, the hour to
/// a day before that at one sample a minute, anything older at one per 15 minutes; each kept
/// sample is the last of its bucket. At the default 1 s interval and with a compaction every hour,
/// a file holds at most 7,200 + 1,440 lines plus 96 a day (about 3 MB for a month).
/// </summary>
public static class SampleDownsampler
{
    public static readonly TimeSpan FullResolution = TimeSpan.FromHours(1);
    public static readonly TimeSpan MinuteResolution = TimeSpan.FromDays(1);

    public static List<HistorySample> Downsample(IReadOnlyList<HistorySample> samples, long nowMs)
    {
        var kept = new List<HistorySample>(samples.Count);
        for (var i = 0; i < samples.Count; i++)
        {
            var bucket = BucketMs(nowMs - samples[i].TMs);
            // Keep the last sample of each bucket: the next one is in another bucket (or there is none).
            if (bucket == 0 || i + 1 == samples.Count || samples[i + 1].TMs / bucket != samples[i].TMs / bucket
                || BucketMs(nowMs - samples[i + 1].TMs) != bucket)
                kept.Add(samples[i]);
        }
        return kept;
    }

    private static long BucketMs(long ageMs) =>
        ageMs <= (long)FullResolution.TotalMilliseconds ? 0
        : ageMs <= (long)MinuteResolution.TotalMilliseconds ? 60_000
        : 15 * 60_000;
}
