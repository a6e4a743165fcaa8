using TaskMaster.Core.Events;
using TaskMaster.Core.Runs;
using TaskMaster.Core.ReadModel;

namespace TaskMaster.Scheduler.Control;

/// <summary>
/// The runs the scheduler API reaches: one in the embedded executor (<see cref="SingleRunDirectory"/>),
/// many in the scheduler service (<see cref="Runs.MultiRunScheduler"/>).
/// </summary>
public interface IRunDirectory
{
    /// <summary>The run's control; null when no such run is live here. An empty id names the only run.</summary>
    /// <exception cref="RunControlException">An empty id, and no single run to name.</exception>
    IRunControl? Find(string runId);

    /// <summary>Every run known here, the newest first.</summary>
    Task<IReadOnlyList<RunListing>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Accepts a run and starts it; answers once it is recorded.</summary>
    /// <exception cref="RunControlException">The queue is not valid, or this scheduler takes no submissions.</exception>
    Task<RunAccepted> SubmitAsync(RunSubmission submission, CancellationToken cancellationToken);

    /// <summary>Goes on with a stopped run from its newest valid checkpoint and the journal after it.</summary>
    /// <returns>Where it went on from; null when no such run is known here.</returns>
    /// <exception cref="RunControlException">The run is live or completed, or this scheduler resumes no runs.</exception>
    Task<RunResumption?> ResumeAsync(string runId, CancellationToken cancellationToken);

    /// <summary>The run's journaled events after <paramref name="afterSequence"/>; with <paramref name="follow"/> until the run has ended.</summary>
    /// <exception cref="RunControlException">This executor keeps no readable event stream.</exception>
    IAsyncEnumerable<RunEvent> WatchAsync(string runId, long afterSequence, bool follow, CancellationToken cancellationToken);
}

/// <summary>A run as the list shows it: its catalog entry, and its state while it is live here (else null).</summary>
public sealed record RunListing(RunEntry Entry, RunPhase? Phase);

/// <summary>A queue to run, as a client sends it.</summary>
/// <param name="QueueText">The queue's Markdown.</param>
/// <param name="QueuePath">Where the queue file is on the shared volume: tasks' working directories are relative to its folder.</param>
/// <param name="Name">The run's name; null for the queue's own.</param>
/// <param name="Concurrency">At most this many attempts at once; null for the scheduler's default.</param>
/// <param name="Autonomous">Never wait for a person.</param>
public sealed record RunSubmission(string QueueText, string QueuePath, string? Name, int? Concurrency, bool Autonomous);

/// <summary>A submission the scheduler recorded.</summary>
public sealed record RunAccepted(string RunId, int TaskCount);

/// <summary>A stopped run that goes on again.</summary>
/// <param name="ResumedFrom">The checkpoint it went on from, or <c>journal</c> when none was written.</param>
/// <param name="JournalPosition">The last journaled event folded into its state.</param>
public sealed record RunResumption(string RunId, string ResumedFrom, long JournalPosition);
