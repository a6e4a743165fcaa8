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

    /// <summary>The verified checkpoint at <paramref name="location"/>, or null (with why) when it cannot be used.</summary>
    CheckpointDocument? Load(string location, out string? problem);
}
