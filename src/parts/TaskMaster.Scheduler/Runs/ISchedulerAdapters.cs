using TaskMaster.Core.Runs;

namespace TaskMaster.Scheduler.Runs;

/// <summary>
/// Everything the multi-run scheduler needs from the outside, in one seam: where runs are listed,
/// where their events are read back, where their submissions are kept, and, per run, its journal,
/// executor and checkpoints. The host plugs in the local parts (files, processes) or the cluster's
/// (Redis, S3 through the checkpoint service, RabbitMQ workers).
/// </summary>
public interface ISchedulerAdapters
{
    IRunCatalog Catalog { get; }

    /// <summary>The runs' journaled events, read back to resume a run and to watch it.</summary>
    IRunEventStream Events { get; }

    IRunSubmissionStore Submissions { get; }

    /// <summary>
    /// Opens what one run needs. <paramref name="resuming"/>: the run has a journal already, which the
    /// new one goes on appending to after its last durable event (a torn tail is cut, as every reader cuts it).
    /// <paramref name="fencingToken"/>: the leading term's, carried by every write of the run for the stores
    /// to check (0: a scheduler alone by construction, which nothing fences); each write asks it anew (a term
    /// carried on into its scheduler's next writes under the new token).
    /// </summary>
    /// <exception cref="Core.Scheduling.JournalFencedException">A newer leader holds the run.</exception>
    ValueTask<RunAdapters> OpenRunAsync(string runId, bool resuming, Func<long> fencingToken, CancellationToken cancellationToken);
}

/// <summary>Keeps what was submitted, so that a run can be resumed from its own queue after a restart.</summary>
public interface IRunSubmissionStore
{
    ValueTask SaveAsync(string runId, Control.RunSubmission submission, CancellationToken cancellationToken);

    /// <summary>The submission of <paramref name="runId"/>; null when none was kept.</summary>
    ValueTask<Control.RunSubmission?> LoadAsync(string runId, CancellationToken cancellationToken);
}
