using TaskMaster.Core.State;
using TaskMaster.Monitor.Alerts;
using TaskMaster.Monitor.History;

namespace TaskMaster.Monitor.Tests.Support;

/// <summary>Alert inputs for rule tests: a running run of 100 tasks started at <see cref="Start"/>.</summary>
internal static class Inputs
{
    public static readonly DateTimeOffset Start = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    public static RunFiguresSnapshot Figures(
        int finished = 0, int running = 1, int ended = 0, int failed = 0, DateTimeOffset? activity = null,
        DateTimeOffset? checkpoint = null, RunStatus status = RunStatus.Running, bool pausedByOperator = false,
        IReadOnlyList<TaskTrouble>? troubled = null) =>
        new("run-1", status, pausedByOperator, Start, 100, running, finished, 0, ended, failed,
            0, 1, 1, activity ?? Start, checkpoint, troubled ?? []);

    public static HistorySample Sample(DateTimeOffset at, long memory = 100, long budget = 1000) =>
        new(at.ToUnixTimeMilliseconds(), 1, memory, budget, 0, 0, "none", 1, 0, 0, 0, 1, 1, 0, []);

    /// <summary>An alert as an executor killed while it fired leaves it in the run's file.</summary>
    public static Alert Firing(string name, string? taskId)
    {
        var labels = new Dictionary<string, string> { ["run_id"] = "run-1" };
        if (taskId is not null) labels["task_id"] = taskId;
        return new Alert($"{name}@1", name, AlertSeverity.Critical, AlertState.Firing, "summary", "description", Start, null, labels);
    }

    public static AlertInput Input(
        DateTimeOffset now, RunFiguresSnapshot figures, HistorySample? sample = null,
        IReadOnlyList<WindowPoint>? recent = null, AlertOptions? options = null) =>
        new(now, sample ?? Sample(now), figures, recent ?? [new WindowPoint(now, figures.Finished, figures.EndedAttempts, figures.FailedAttempts)],
            options ?? new AlertOptions());
}
