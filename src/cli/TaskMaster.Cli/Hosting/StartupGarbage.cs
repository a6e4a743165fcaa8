using System.Runtime;

namespace TaskMaster.Cli.Hosting;

/// <summary>
/// Gives back what a big run's start-up left behind, at the two points where most of it has just
/// died: after the queue's parse (its text, syntax trees and drafts) and after a resume's state is
/// built (the checkpoint's per-task states, the replayed events, the journal's bytes). Left to
/// itself the GC keeps that garbage in generation 2 and the large object heap while the run's own
/// state is allocated beside it, and the process's peak is the sum: at a million tasks ~500 MB of
/// garbage against ~650 MB live (docs/benchmarks-scale.md). One blocking, compacting collection
/// costs well under a second there; a small run never pays it.
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
