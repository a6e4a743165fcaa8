using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using TaskMaster.Checkpoint;
using TaskMaster.Checkpoint.Journal;
using TaskMaster.Core.Queue;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.State;
using TaskMaster.LocalHome;

namespace TaskMaster.Benchmarks.Durability;

/// <summary>What the run keeps besides its journal.</summary>
internal enum CheckpointMode
{
    /// <summary>No checkpointer at all: the journal is the only durability.</summary>
    None,

    /// <summary>The checkpointer folds every event and builds its start and shutdown documents, but nothing is written.</summary>
    FoldOnly,

    /// <summary>The real thing: checkpoints written to the file store (primary and mirror) at start, every interval, and at the end.</summary>
    Written,
}

/// <summary>What every run of a comparison shares.</summary>
/// <param name="Queue">The tasks (parsed from the generated queue file).</param>
/// <param name="Concurrency">Attempts in flight at once.</param>
/// <param name="Paced">Tasks take about a millisecond each (see <see cref="TimestampingExecutor"/>) instead of none.</param>
/// <param name="HomeRoot">Where temporary homes go (default: the system's temp folder); tmpfs takes the disk out of the picture.</param>
/// <param name="Mirror">How the journal is kept (the cases of benchmarks 1 and 2 keep it alone, as they were first measured).</param>
internal sealed record RunShape(QueueDefinition Queue, int Concurrency, bool Paced, string? HomeRoot, JournalMirrorMode Mirror = JournalMirrorMode.None);

/// <summary>One run, as measured.</summary>
/// <param name="Elapsed">From <see cref="RunScheduler.RunAsync"/> starting to it returning (the shutdown checkpoint is written after).</param>
internal sealed record DurableRunResult(
    int Tasks, TimeSpan Elapsed, DispatchGaps Gaps, IReadOnlyList<CheckpointWrite> Checkpoints, IReadOnlyList<JournalFlush> SlowFlushes,
    FlushTimes Flushes, GcActivity Gc)
{
    public double TasksPerSecond => Tasks / Elapsed.TotalSeconds;
}

/// <summary>
/// A run composed as <c>task-master execute</c> composes it (EmbeddedRun), minus processes, logs and
/// views: the real <see cref="RunScheduler"/>, the durable <see cref="FileEventJournal"/> (fsync per
/// step), and a <see cref="Checkpointer"/> writing to a real <see cref="FileCheckpointStore"/> in a
/// temporary home, with a no-op executor that stamps every dispatch.
/// </summary>
internal static class DurableRun
{
    public static async Task<DurableRunResult> RunAsync(RunShape shape, CheckpointMode mode, TimeSpan interval)
    {
        var home = shape.HomeRoot is null
            ? Directory.CreateTempSubdirectory("tm-bench-durability-")
            : Directory.CreateDirectory(Path.Combine(shape.HomeRoot, $"tm-bench-durability-{Guid.NewGuid():n}"));
        try
        {
            return await RunInAsync(new HomeLayout(home.FullName), shape, mode, interval);
        }
        finally
        {
            home.Delete(recursive: true);
        }
    }

    private static async Task<DurableRunResult> RunInAsync(HomeLayout layout, RunShape shape, CheckpointMode mode, TimeSpan interval)
    {
        var queue = shape.Queue;
        const string RunId = "bench";
        var time = TimeProvider.System;
        var options = new SchedulerOptions { RunId = RunId, Concurrency = shape.Concurrency, CpuCapacity = shape.Concurrency };
        await using var executor = new TimestampingExecutor(queue.Tasks.Count, shape.Paced);
        var files = JournalFiles.Of(layout, RunId, layout.CheckpointsMirrorDirectory);
        await using var journal = shape.Mirror == JournalMirrorMode.Parallel ? FileEventJournal.Create(files) : FileEventJournal.Create(files.Path);
        await using var serialMirror = shape.Mirror == JournalMirrorMode.Serial ? FileEventJournal.Create(files.MirrorPath!) : null;
        var timedJournal = new TimedJournal(serialMirror is null ? journal : new SerialMirrorJournal(journal, serialMirror));
        using var checkpointFiles = new FileCheckpointStore(CheckpointStoreOptions.For(layout), time, NullLogger<FileCheckpointStore>.Instance);
        var store = mode == CheckpointMode.FoldOnly ? new TimedCheckpointStore(new DiscardingCheckpointStore(), discard: true) : new TimedCheckpointStore(checkpointFiles);
        RunScheduler? scheduler = null;
        var checkpointer = mode == CheckpointMode.None ? null : new Checkpointer(
            new RunState(queue),
            new CheckpointerOptions
            {
                Home = layout,
                Interval = mode == CheckpointMode.Written ? interval : TimeSpan.Zero,
                JournalFile = Path.GetRelativePath(layout.Home, journal.Path),
                Concurrency = options.Concurrency,
                CpuCapacity = options.CpuCapacity,
                MemoryCapacity = options.MemoryCapacity,
            },
            store, time, NullLogger<Checkpointer>.Instance,
            taken => scheduler?.ReportCheckpoint(taken),
            failed => scheduler?.ReportCheckpointFailure(failed));
        await using (checkpointer)
        {
            scheduler = new RunScheduler(queue, options, executor, timedJournal, checkpointer is null ? [] : [checkpointer], time,
                checkpoints: checkpointer is null ? null : new CheckpointSource(checkpointer, checkpointFiles));
            GcActivity.CleanHeap();
            var gcBefore = GcActivity.Now();
            var started = Stopwatch.GetTimestamp();
            var summary = await scheduler.RunAsync();
            var elapsed = Stopwatch.GetElapsedTime(started);
            var gc = GcActivity.Now() - gcBefore;
            if (summary.Succeeded != queue.Tasks.Count) throw new InvalidOperationException($"only {summary.Succeeded} of {queue.Tasks.Count} tasks succeeded");
            if (checkpointer is not null) await checkpointer.DisposeAsync();
            return new DurableRunResult(queue.Tasks.Count, elapsed, DispatchGaps.Of(executor.Stamps, store.Writes), store.Writes, timedJournal.SlowFlushes(),
                FlushTimes.Of(timedJournal.Flushes, store.Writes), gc);
        }
    }
}
