using TaskMaster.Core.Events;
using TaskMaster.Core.ReadModel;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.State;
using TaskMaster.Scheduler.Control;
using CheckpointTaken = TaskMaster.Scheduler.Control.CheckpointTaken;

namespace TaskMaster.Cli.Hosting;

/// <summary>
/// The control API of a run that has ended while its monitor lingers (<c>--monitor-linger</c>):
/// the status still answers with the final state; anything that would change the run is refused.
/// </summary>
internal sealed class FinishedRunControl(IRunControl run, RunStatus finalState) : IRunControl
{
    public string RunId => run.RunId;

    private string Refusal => $"the run is over ({finalState.ToString().ToLowerInvariant()}): this dashboard shows its final state " +
                              "and nothing can be changed; start a new run with task-master execute or resume";

    public Task<RunStatusReport> GetStatusAsync(StatusQuery query, CancellationToken cancellationToken) =>
        run.GetStatusAsync(query, cancellationToken);

    public Task<CheckpointTaken> TakeCheckpointAsync(bool force, CancellationToken cancellationToken) => throw new RunControlException(Refusal);

    public Task<ControlOutcome> PauseAsync(string? reason, CancellationToken cancellationToken) => throw new RunControlException(Refusal);

    public Task<ControlOutcome> ContinueAsync(string? reason, CancellationToken cancellationToken) => throw new RunControlException(Refusal);

    public Task<ControlOutcome> StopAsync(bool emergency, string? reason, CancellationToken cancellationToken) => throw new RunControlException(Refusal);

    public Task<ControlOutcome> OverrideAsync(string taskId, OverrideAction action, string? reason, CancellationToken cancellationToken) =>
        throw new RunControlException(Refusal);
}
