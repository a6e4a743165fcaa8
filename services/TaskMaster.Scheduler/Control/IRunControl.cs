using TaskMaster.Scheduler.Reporting;

namespace TaskMaster.Scheduler.Control;

/// <summary>What the control API can ask of the run it steers. The embedded executor and the cluster scheduler implement it.</summary>
public interface IRunControl
{
    /// <summary>Writes a checkpoint now (with <paramref name="force"/>, even if one was just taken or the run is paused).</summary>
    Task<CheckpointTaken> TakeCheckpointAsync(bool force, CancellationToken cancellationToken);

    /// <summary>Where the run is now.</summary>
    /// <exception cref="RunControlException">The run has not started yet.</exception>
    Task<RunStatusReport> GetStatusAsync(StatusQuery query, CancellationToken cancellationToken);
}

/// <summary>What a status request asks for beyond the summary.</summary>
/// <param name="Detailed">Every task that is not pending, and the recent errors.</param>
/// <param name="IncludeResources">The executor's use of CPU, memory and disk.</param>
public sealed record StatusQuery(bool Detailed, bool IncludeResources);

/// <summary>Where a checkpoint was written.</summary>
public sealed record CheckpointTaken(string RunId, string Path, string? MirrorPath, long Sequence, long JournalPosition, DateTimeOffset TakenAt);

/// <summary>A control request that cannot be carried out now, with a reason for the caller.</summary>
public sealed class RunControlException(string message) : Exception(message);
