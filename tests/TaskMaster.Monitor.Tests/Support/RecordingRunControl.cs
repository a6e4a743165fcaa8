using TaskMaster.Core.ReadModel;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.State;
using TaskMaster.Scheduler.Control;
using OverrideAction = TaskMaster.Core.Events.OverrideAction;

namespace TaskMaster.Monitor.Tests.Support;

/// <summary>The run's control for monitor tests: the status from the real model; checkpoints counted, steering calls recorded.</summary>
internal sealed class RecordingRunControl(RunStatusModel model) : IRunControl
{
    private int _checkpoints;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _steering = new();

    public string RunId => "run-monitor";

    /// <summary>The steering calls received, in order (<c>pause</c>, <c>continue</c>, <c>stop</c>, <c>override TASK ACTION</c>).</summary>
    public IReadOnlyList<string> Steering => [.. _steering];

    public int CheckpointsTaken => Volatile.Read(ref _checkpoints);

    public Task<CheckpointTaken> TakeCheckpointAsync(bool force, CancellationToken cancellationToken)
    {
        var sequence = Interlocked.Increment(ref _checkpoints);
        return Task.FromResult(new CheckpointTaken("run-monitor", $"/tmp/checkpoint-{sequence}.json", null, sequence, 1, DateTimeOffset.UtcNow));
    }

    public Task<RunStatusReport> GetStatusAsync(StatusQuery query, CancellationToken cancellationToken) =>
        Task.FromResult(model.Snapshot(query.Detailed) ?? throw new RunControlException("the run is starting"));

    public Task<ControlOutcome> PauseAsync(string? reason, CancellationToken cancellationToken) => Record("pause", RunStatus.Paused);

    public Task<ControlOutcome> ContinueAsync(string? reason, CancellationToken cancellationToken) => Record("continue", RunStatus.Running);

    public Task<ControlOutcome> StopAsync(bool emergency, string? reason, CancellationToken cancellationToken) => Record("stop", RunStatus.Interrupted);

    public Task<ControlOutcome> OverrideAsync(string taskId, OverrideAction action, string? reason, CancellationToken cancellationToken) =>
        Record($"override {taskId} {action}", RunStatus.Running);

    private Task<ControlOutcome> Record(string call, RunStatus state)
    {
        _steering.Enqueue(call);
        return Task.FromResult(new ControlOutcome(state, call, _steering.Count));
    }
}
