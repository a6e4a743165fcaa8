using TaskMaster.Core.Events;
using TaskMaster.Core.ReadModel;
using TaskMaster.Core.Scheduling;

namespace TaskMaster.Scheduler.Control;

/// <summary>What the control API can ask of the run it steers. The embedded executor and the cluster scheduler implement it.</summary>
public interface IRunControl
{
    /// <summary>The run it steers.</summary>
    string RunId { get; }

    /// <summary>Writes a checkpoint now (with <paramref name="force"/>, even if one was just taken or the run is paused).</summary>
    Task<CheckpointTaken> TakeCheckpointAsync(bool force, CancellationToken cancellationToken);

    /// <summary>Where the run is now.</summary>
    /// <exception cref="RunControlException">The run has not started yet.</exception>
    Task<RunStatusReport> GetStatusAsync(StatusQuery query, CancellationToken cancellationToken);

    /// <summary>Stops dispatching new attempts; running ones go on. Answers once the pause is journaled.</summary>
    /// <exception cref="ControlRefusedException">The run has ended.</exception>
    Task<ControlOutcome> PauseAsync(string? reason, CancellationToken cancellationToken);

    /// <summary>Dispatches again after a pause, whoever made it.</summary>
    /// <exception cref="ControlRefusedException">The run has ended or is stopping.</exception>
    Task<ControlOutcome> ContinueAsync(string? reason, CancellationToken cancellationToken);

    /// <summary>Stops the run (with <paramref name="emergency"/>, killing running process trees at once).</summary>
    /// <exception cref="ControlRefusedException">The run has ended.</exception>
    Task<ControlOutcome> StopAsync(bool emergency, string? reason, CancellationToken cancellationToken);

    /// <summary>Retries, skips, succeeds or cancels a task by hand.</summary>
    /// <exception cref="ControlRefusedException">No such task (<see cref="ControlRefusal.UnknownTask"/>), or the action is impossible now.</exception>
    Task<ControlOutcome> OverrideAsync(string taskId, OverrideAction action, string? reason, CancellationToken cancellationToken);
}

/// <summary>What a status request asks for beyond the summary.</summary>
/// <param name="Detailed">Every task that is not pending, and the recent errors.</param>
/// <param name="IncludeResources">The executor's use of CPU, memory and disk.</param>
public sealed record StatusQuery(bool Detailed, bool IncludeResources);

/// <summary>Where a checkpoint was written.</summary>
public sealed record CheckpointTaken(string RunId, string Path, string? MirrorPath, long Sequence, long JournalPosition, DateTimeOffset TakenAt);

/// <summary>A control request that cannot be carried out now, with a reason for the caller.</summary>
public sealed class RunControlException(string message) : Exception(message);
