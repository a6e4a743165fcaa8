using TaskMaster.Core.Checkpoints;
using TaskMaster.Core.Events;
using TaskMaster.Core.Queue;
using TaskMaster.Core.Runs;
using TaskMaster.Core.State;
using TaskMaster.Scheduler.Control;

namespace TaskMaster.Scheduler.Runs;

// Resuming a run, after a restart or when a person asks: its own queue, its newest checkpoint, the journal after it.
public sealed partial class MultiRunScheduler
{
    public async Task<RunResumption?> ResumeAsync(string runId, CancellationToken cancellationToken)
    {
        if (!RunIds.IsValid(runId) || !await IsCatalogedAsync(runId, cancellationToken).ConfigureAwait(false)) return null;
        // One resume at a time: two callers must not both open the run's journal.
        await _resuming.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var previous = _runs.GetValueOrDefault(runId);
            if (previous is not null && !previous.Completion.IsCompleted)
                throw new RunControlException($"run {runId} is running here: there is nothing to resume (task-master continue lets a paused run dispatch again)");
            if (await CompletedAsync(runId, cancellationToken).ConfigureAwait(false))
                throw new RunControlException($"run {runId} completed: there is nothing left to resume");
            if (previous is not null)
            {
                // Its end is recorded and its journal closed before the run opens them again.
                await _endings[runId].ConfigureAwait(false);
                await previous.DisposeAsync().ConfigureAwait(false);
                _runs.TryRemove(new(runId, previous));
            }
            await adapters.Catalog.MarkResumedAsync(runId, cancellationToken).ConfigureAwait(false);
            return await RestoreAsync(runId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw new RunControlException($"run {runId} could not be resumed: {e.Message}");
        }
        finally
        {
            _resuming.Release();
        }
    }

    private async Task<bool> IsCatalogedAsync(string runId, CancellationToken cancellationToken)
    {
        await foreach (var entry in adapters.Catalog.ListAsync(cancellationToken).ConfigureAwait(false))
            if (entry.RunId == runId) return true;
        return false;
    }

    /// <summary>Whether the run's last start was followed by its completion (its final checkpoint's events may come after).</summary>
    private async Task<bool> CompletedAsync(string runId, CancellationToken cancellationToken)
    {
        var completed = false;
        await foreach (var e in adapters.Events.ReadAsync(runId, 0, follow: false, cancellationToken).ConfigureAwait(false))
            completed = e switch { RunCompleted => true, RunStarted => false, _ => completed };
        return completed;
    }

    private async Task<RunResumption> RestoreAsync(string runId, CancellationToken cancellationToken)
    {
        var submission = await adapters.Submissions.LoadAsync(runId, cancellationToken).ConfigureAwait(false)
            ?? throw new RunControlException("its submission was not kept");
        var queue = Parse(submission);
        // Opened first: opening cuts a torn tail, so the events read next are exactly those the run goes on after.
        var runAdapters = await OpenFencedAsync(runId, resuming: true, cancellationToken).ConfigureAwait(false);
        try
        {
            var checkpoint = await runAdapters.Checkpoints.LoadNewestAsync(cancellationToken).ConfigureAwait(false);
            if (checkpoint is not null && checkpoint.Document.Queue.Hash != queue.ContentHash)
                throw new RunControlException($"its checkpoint {checkpoint.Checkpoint.Location} is of another queue (hash {checkpoint.Document.Queue.Hash})");
            var state = await FoldAsync(queue, runId, checkpoint, cancellationToken).ConfigureAwait(false);
            var checkpointerState = await FoldAsync(queue, runId, checkpoint, cancellationToken).ConfigureAwait(false);
            // A scheduler on another machine (or with a fresh state folder) has none of the tasks' state
            // files: the checkpoint's copies go back before the tasks run again; newer ones on disk stay.
            if (checkpoint is not null) Checkpoint.SavedTaskState.PutBackUnfinished(runAdapters.Home, checkpoint.Document, state, exactly: false);
            var resumedFrom = checkpoint?.Checkpoint.Location ?? "journal";
            // Accepted, then the scheduler died before the run's first event was journaled: nothing to go
            // on from, so it starts as it would have (a resumed start makes no task ready: none ever was).
            var started = checkpoint is not null || state.LastSequence > 0;
            var run = HostedRun.Start(queue, OptionsFor(queue, submission, runId, started ? resumedFrom : null), runAdapters,
                started ? new ResumedRun(state, checkpointerState, checkpoint?.Checkpoint) : null, CheckpointInterval, time, loggerFactory);
            Launch(runId, run);
            LogResumed(runId, resumedFrom, state.LastSequence);
            return new RunResumption(runId, resumedFrom, state.LastSequence);
        }
        catch
        {
            await runAdapters.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The checkpoint's state (or a fresh one) with every journaled event after it folded in.</summary>
    private async Task<RunState> FoldAsync(QueueDefinition queue, string runId, LoadedCheckpoint? checkpoint, CancellationToken cancellationToken)
    {
        var state = checkpoint is null ? new RunState(queue) : RunState.Restore(queue, checkpoint.Document);
        var after = checkpoint?.Document.Journal.Position ?? 0;
        await foreach (var e in adapters.Events.ReadAsync(runId, after, follow: false, cancellationToken).ConfigureAwait(false))
            state.Apply(e);
        return state;
    }

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Information,
        Message = "Resumed run {RunId} from {ResumedFrom} and its journal through event {Sequence}")]
    private partial void LogResumed(string runId, string resumedFrom, long sequence);
}
