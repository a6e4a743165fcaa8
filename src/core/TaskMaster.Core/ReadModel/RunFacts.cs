using TaskMaster.Core.Events;
using TaskMaster.Core.Queue;
using TaskMaster.Core.State;
using TaskStatus = TaskMaster.Core.State.TaskStatus;

namespace TaskMaster.Core.ReadModel;

/// <summary>
/// The figures of a run's state that the status reads in O(1), copied without allocating, so the
/// live model can take them on every event and compose a report later from another thread.
/// </summary>
internal sealed class RunFacts
{
    private readonly int[] _counts = new int[Enum.GetValues<TaskStatus>().Length];

    public string? RunId { get; private set; }

    public QueueDefinition? Queue { get; private set; }

    public RunStatus Status { get; private set; }

    public string? StatusReason { get; private set; }

    public DateTimeOffset? StartedAt { get; private set; }

    public CheckpointTaken? LastCheckpoint { get; private set; }

    public int Total { get; private set; }

    public int Finished { get; private set; }

    public double AutonomyScore { get; private set; }

    public double ErrorRate { get; private set; }

    public double Efficiency { get; private set; }

    public double RecoveryRate { get; private set; }

    public int Count(TaskStatus status) => _counts[(int)status];

    public void Capture(RunState state)
    {
        RunId = state.RunId;
        Queue = state.Queue;
        Status = state.Status;
        StatusReason = state.StatusReason;
        // A stop is final once acknowledged: the run shows as stopped while its last attempts end.
        if (state.StopRequest is { } stop && state.Status is RunStatus.Running or RunStatus.Paused)
            (Status, StatusReason) = (RunStatus.Interrupted, $"stopping: {stop.Reason}");
        StartedAt = state.StartedAt;
        LastCheckpoint = state.LastCheckpoint;
        Total = state.Tasks.Count;
        Finished = state.FinishedCount;
        AutonomyScore = RunMetrics.AutonomyScore(state);
        ErrorRate = RunMetrics.ErrorRate(state);
        Efficiency = RunMetrics.ExecutionEfficiency(state);
        RecoveryRate = RunMetrics.RecoveryRate(state);
        for (var i = 0; i < _counts.Length; i++) _counts[i] = state.Count((TaskStatus)i);
    }
}
