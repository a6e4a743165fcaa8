using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using TaskMaster.Checkpoint;
using TaskMaster.Checkpoint.Journal;
using TaskMaster.Checkpoint.Resume;
using TaskMaster.Core.Queue;
using TaskMaster.Core.Queue.Cache;
using TaskMaster.Core.Scheduling;
using TaskMaster.LocalHome;

namespace TaskMaster.Benchmarks.Durability;

/// <summary>Where a resume's time goes, step by step, measured in this process on a copy of the crashed home.</summary>
/// <param name="ParseQueue">Markdig parse and validation of the queue file (what a resume does when the home's cache has no entry for it).</param>
/// <param name="CachedQueue">The same queue read from the home's cache (<see cref="QueueCache"/>), as a resume reads it.</param>
/// <param name="LoadCheckpoint">Reading, verifying (layout scan, SHA-256) and deserializing the newest checkpoint.</param>
/// <param name="ReadJournal">Reading the journal after the checkpoint's position: every record's checksum and sequence checked once, only the tail decoded.</param>
/// <param name="Plan">All of <see cref="ResumePlanner.PlanAsync"/>: the three above.</param>
/// <param name="BuildState">One <see cref="ResumePlan.BuildState"/>: the state restored from the checkpoint, the journal replayed over it.</param>
/// <param name="RestoreStateFiles">Putting unfinished tasks' saved state files back (<see cref="ResumePlan.RestoreStateFiles"/>).</param>
/// <param name="OpenJournal">Reopening the journal to append, from the plan's read (<see cref="ResumePlan.OpenJournal"/>).</param>
internal sealed record ResumeSteps(
    TimeSpan ParseQueue, TimeSpan CachedQueue, TimeSpan LoadCheckpoint, TimeSpan ReadJournal, TimeSpan Plan, TimeSpan BuildState, TimeSpan RestoreStateFiles,
    TimeSpan OpenJournal, int ReplayedEvents, long CheckpointBytes, long JournalBytes);

internal static class ResumeBreakdown
{
    public static async Task<ResumeSteps> MeasureAsync(CrashedHome crashed, string scratchHome)
    {
        crashed.CopyTo(scratchHome);
        try
        {
            var layout = new HomeLayout(scratchHome);
            using var store = new FileCheckpointStore(CheckpointStoreOptions.For(layout), TimeProvider.System, NullLogger<FileCheckpointStore>.Instance);
            var newest = store.List()[0].Path;

            var watch = Stopwatch.StartNew();
            var checkpoint = (await store.LoadAsync(newest)).Document ?? throw new InvalidOperationException($"{newest} does not load");
            var load = watch.Elapsed;

            watch.Restart();
            _ = QueueParser.ParseFile(checkpoint.Queue.Path).Queue ?? throw new InvalidOperationException("the queue does not parse");
            var parse = watch.Elapsed;

            watch.Restart();
            _ = new QueueCache(layout.QueueCacheDirectory).ParseFile(checkpoint.Queue.Path).Queue ?? throw new InvalidOperationException("the queue does not parse");
            var cached = watch.Elapsed;

            var journalPath = Path.Combine(layout.Home, checkpoint.Journal.File);
            watch.Restart();
            _ = JournalReader.Read(JournalFiles.At(journalPath, store.MirrorDirectory), afterSequence: checkpoint.Journal.Position);
            var readJournal = watch.Elapsed;

            watch.Restart();
            var plan = (await ResumePlanner.PlanAsync(layout, store, checkpointFile: null, queueFile: null)).Plan
                ?? throw new InvalidOperationException("nothing to resume");
            var planned = watch.Elapsed;

            watch.Restart();
            var state = plan.BuildState();
            var build = watch.Elapsed;

            watch.Restart();
            _ = plan.RestoreStateFiles(layout, state);
            var restore = watch.Elapsed;

            watch.Restart();
            // As the CLI reopens it: the journal and its mirror, brought in line, from the plan's read.
            await plan.OpenJournal(writeMirror: true).DisposeAsync();
            var open = watch.Elapsed;

            return new ResumeSteps(parse, cached, load, readJournal, planned, build, restore, open, plan.Replay.Count,
                new FileInfo(newest).Length, new FileInfo(journalPath).Length);
        }
        finally
        {
            Directory.Delete(scratchHome, recursive: true);
        }
    }
}
