using System.Runtime;

namespace TaskMaster.Cli.Hosting;

/// <summary>
/// Gives back what planning a big resume left behind, where most of it has just died: after the plan
/// is made (the queue's cache entry, the checkpoint's file and JSON), and after the run's two states
/// are built from it (the checkpoint's per-task states, the replayed events, the journal's bytes).
/// Left to itself the GC keeps that garbage in generation 2 and the large object heap while the
/// run's state is allocated beside it, and the process's peak is the sum: at a million tasks
/// ~530 MB of garbage beside ~640 MB live (docs/benchmarks-scale.md). A blocking, compacting
/// collection costs ~0.3 s of CPU there; a small run never pays it.
/// </summary>
internal static class StartupGarbage
{
    /// <summary>Below this many tasks the garbage is too small to be worth a full collection.</summary>
    internal const int MinTasks = 100_000;

    public static void Reclaim(int taskCount)
    {
        if (taskCount < MinTasks) return;
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }
}
