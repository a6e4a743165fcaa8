using TaskMaster.Core.ReadModel;
using TaskMaster.Core.Scheduling;
using TaskMaster.Scheduler.Control;
using OverrideAction = TaskMaster.Core.Events.OverrideAction;

namespace TaskMaster.Scheduler.Tests.Support;

/// <summary>A run control that records what it was asked and answers as the test scripts it.</summary>
internal sealed class FakeRunControl(RunStatusReport? report = null) : IRunControl
{
    public string RunId => "run-7";

    public StatusQuery? Asked { get; private set; }

    /// <summary>The steering calls received, as "Pause(reason)", "Stop(True, reason)", "Override(id, Skip, reason)".</summary>
    public List<string> Calls { get; } = [];

    /// <summary>What a steering call answers; it may throw instead.</summary>
    public Func<ControlOutcome> Answer { get; set; } = () => new ControlOutcome(Core.State.RunStatus.Running, "done", 12);

    public Task<CheckpointTaken> TakeCheckpointAsync(bool force, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<RunStatusReport> GetStatusAsync(StatusQuery query, CancellationToken cancellationToken)
    {
        Asked = query;
        return Task.FromResult(report ?? throw new RunControlException("the run is starting"));
    }

    public Task<ControlOutcome> PauseAsync(string? reason, CancellationToken cancellationToken) => Call($"Pause({reason})");

    public Task<ControlOutcome> ContinueAsync(string? reason, CancellationToken cancellationToken) => Call($"Continue({reason})");

    public Task<ControlOutcome> StopAsync(bool emergency, string? reason, CancellationToken cancellationToken) => Call($"Stop({emergency}, {reason})");

    public Task<ControlOutcome> OverrideAsync(string taskId, OverrideAction action, string? reason, CancellationToken cancellationToken) =>
        Call($"Override({taskId}, {action}, {reason})");

    private Task<ControlOutcome> Call(string call)
    {
        Calls.Add(call);
        return Task.FromResult(Answer());
    }
}
