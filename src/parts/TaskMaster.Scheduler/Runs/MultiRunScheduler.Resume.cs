using TaskMaster.Core.Queue;
using TaskMaster.Core.State;
using TaskMaster.Scheduler.Control;

namespace TaskMaster.Scheduler.Runs;

// Resuming a run after a restart: its own queue, its newest checkpoint, the journal after it.
public sealed partial class MultiRunScheduler
{
    private async Task ResumeAsync(string runId, CancellationToken cancellationToken)
    {
        var submission = await adapters.Submissions.LoadAsync(runId, cancellationToken).ConfigureAwait(false)
            ?? throw new RunControlException("its submission was not kept");
        var queue = Parse(submission);
        // Opened first: opening cuts a torn tail, so the events read next are exactly those the run goes on after.
        var runAdapters = await adapters.OpenRunAsync(runId, resuming: true, cancellationToken).ConfigureAwait(false);
        try
        {
            var checkpoint = await runAdapters.Checkpoints.LoadNewestAsync(cancellationToken).ConfigureAwait(false);
            if (checkpoint is not null && checkpoint.Document.Queue.Hash != queue.ContentHash)
                throw new RunControlException($"its checkpoint {checkpoint.Location} is of another queue (hash {checkpoint.Document.Queue.Hash})");
            var state = await FoldAsync(queue, runId, checkpoint, cancellationToken).ConfigureAwait(false);
            var checkpointerState = await FoldAsync(queue, runId, checkpoint, cancellationToken).ConfigureAwait(false);
            // A scheduler on another machine (or with a fresh state folder) has none of the tasks' state
            // files: the checkpoint's copies go back before the tasks run again; newer ones on disk stay.
            if (checkpoint is not null) Checkpoint.SavedTaskState.PutBackUnfinished(runAdapters.Home, checkpoint.Document, state, exactly: false);
            var resumedFrom = checkpoint?.Location ?? "journal";
            var run = HostedRun.Start(queue, OptionsFor(queue, submission, runId, resumedFrom), runAdapters,
                new ResumedRun(state, checkpointerState, checkpoint), CheckpointInterval, time, loggerFactory);
            Launch(runId, run);
            LogResumed(runId, resumedFrom, state.LastSequence);
        }
        catch
        {
            await runAdapters.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The checkpoint's state (or a fresh one) with every journaled event after it folded in.</summary>
    private async Task<RunState> FoldAsync(QueueDefinition queue, string runId, StoredCheckpoint? checkpoint, CancellationToken cancellationToken)
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
