namespace TaskMaster.Benchmarks.Durability;

/// <summary>Garbage collections and their pauses over an interval: what a stall may be made of besides I/O.</summary>
internal readonly record struct GcActivity(int Gen0, int Gen1, int Gen2, TimeSpan Paused, long AllocatedBytes)
{
    public static GcActivity Now() => new(
        GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes(precise: false));

    public static GcActivity operator -(GcActivity after, GcActivity before) => new(
        after.Gen0 - before.Gen0, after.Gen1 - before.Gen1, after.Gen2 - before.Gen2,
        after.Paused - before.Paused, after.AllocatedBytes - before.AllocatedBytes);

    /// <summary>Collects everything the previous case left, so it does not pay for it.</summary>
    public static void CleanHeap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
