namespace TaskMaster.Core.Runs;

/// <summary>
/// The runs a cluster has: the scheduler service adds each run it accepts and marks it ended; the
/// monitor service and <c>task-master --server … runs</c> list them. Embedded mode lists the home's
/// runs folder instead.
/// </summary>
public interface IRunCatalog
{
    /// <summary>Records a run the scheduler accepted (idempotent: adding it again changes nothing).</summary>
    ValueTask AddAsync(RunEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Records that a run has ended (completed, stopped or interrupted for good).</summary>
    ValueTask MarkEndedAsync(string runId, DateTimeOffset endedAt, CancellationToken cancellationToken = default);

    /// <summary>Records that an ended run goes on again (a person resumed it): it is unfinished until it ends again.</summary>
    ValueTask MarkResumedAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Every run, the newest first.</summary>
    IAsyncEnumerable<RunEntry> ListAsync(CancellationToken cancellationToken = default);
}

/// <summary>One run of the cluster.</summary>
/// <param name="RunId">The run's id (as in <see cref="Events.RunStarted"/>).</param>
/// <param name="QueueName">The queue's name.</param>
/// <param name="StartedAt">When the scheduler accepted it.</param>
/// <param name="EndedAt">When it ended; null while it may still run.</param>
public sealed record RunEntry(string RunId, string QueueName, DateTimeOffset StartedAt, DateTimeOffset? EndedAt = null);
