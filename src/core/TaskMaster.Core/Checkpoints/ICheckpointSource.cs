namespace TaskMaster.Core.Checkpoints;

/// <summary>
/// What the scheduler needs from checkpointing to roll a run back: to ask for a checkpoint of the
/// state as it is now (before a critical task starts), and to read one back.
/// </summary>
public interface ICheckpointSource
{
    /// <summary>
    /// Asks for a checkpoint of the run as published so far; the answer comes back through
    /// <c>RunScheduler.ReportCheckpoint</c> or <c>ReportCheckpointFailure</c>.
    /// </summary>
    void RequestCheckpoint(string reason);

    /// <summary>
    /// Reads and verifies the checkpoint at <paramref name="location"/> (the refusal says why it cannot be used).
    /// Awaited off the dispatch loop: a read from object storage may take a while, and may throw.
    /// </summary>
    Task<CheckpointReadResult> LoadAsync(string location, CancellationToken cancellationToken);
}
