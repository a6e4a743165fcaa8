namespace TaskMaster.Scheduler.Control;

/// <summary>What the control API can ask of the run it steers. The embedded executor and the cluster scheduler implement it.</summary>
public interface IRunControl
{
    /// <summary>Writes a checkpoint now (with <paramref name="force"/>, even if one was just taken or the run is paused).</summary>
    Task<CheckpointTaken> TakeCheckpointAsync(bool force, CancellationToken cancellationToken);
}

/// <summary>Where a checkpoint was written.</summary>
public sealed record CheckpointTaken(string RunId, string Path, string? MirrorPath, long Sequence, long JournalPosition, DateTimeOffset TakenAt);

/// <summary>A control request that cannot be carried out now, with a reason for the caller.</summary>
public sealed class RunControlException(string message) : Exception(message);
