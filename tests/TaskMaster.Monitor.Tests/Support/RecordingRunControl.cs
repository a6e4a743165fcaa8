using TaskMaster.Scheduler.Control;
using TaskMaster.Scheduler.Reporting;

namespace TaskMaster.Monitor.Tests.Support;

/// <summary>The run's control for monitor tests: the status from the real model; checkpoints only counted.</summary>
internal sealed class RecordingRunControl(RunStatusModel model) : IRunControl
{
    private int _checkpoints;

    public int CheckpointsTaken => Volatile.Read(ref _checkpoints);

    public Task<CheckpointTaken> TakeCheckpointAsync(bool force, CancellationToken cancellationToken)
    {
        var sequence = Interlocked.Increment(ref _checkpoints);
        return Task.FromResult(new CheckpointTaken("run-monitor", $"/tmp/checkpoint-{sequence}.json", null, sequence, 1, DateTimeOffset.UtcNow));
    }

    public Task<RunStatusReport> GetStatusAsync(StatusQuery query, CancellationToken cancellationToken) =>
        Task.FromResult(model.Snapshot(query.Detailed) ?? throw new RunControlException("the run is starting"));
}
