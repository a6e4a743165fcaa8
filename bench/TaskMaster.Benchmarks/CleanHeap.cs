namespace TaskMaster.Benchmarks;

internal static class CleanHeap
{
    /// <summary>
    /// Collects everything before a measured run is set up, as a real run starts in a fresh process.
    /// Without it the garbage of the previous repeat (a whole run state and a journal of 200k events)
    /// is still being traced and promoted during the next one, and each figure depends on what ran
    /// before it.
    /// </summary>
    public static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
