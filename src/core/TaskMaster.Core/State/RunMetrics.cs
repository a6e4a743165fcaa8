namespace TaskMaster.Core.State;

/// <summary>
/// The run's health figures, computed from its state (and so from its events) the same way in every
/// view: the terminal, checkpoints, the status API, the metrics.
/// </summary>
public static class RunMetrics
{
    /// <summary>
    /// Share of task outcomes reached without a person: 1 − operator actions ÷ finished tasks
    /// (1 while nothing has finished). Every pause, resume or override by an operator counts.
    /// </summary>
    public static double AutonomyScore(RunState state)
    {
        var finished = state.FinishedCount;
        if (finished == 0) return 1;
        return Math.Clamp(1 - (double)state.OperatorActions / finished, 0, 1);
    }

    /// <summary>
    /// Time in attempts that succeeded ÷ time in all attempts: 1 when no work was wasted on failed
    /// attempts (1 while nothing has run).
    /// </summary>
    public static double ExecutionEfficiency(RunState state)
    {
        var total = state.AttemptDurationTotal.TotalSeconds;
        return total <= 0 ? 1 : Math.Clamp(state.SucceededDurationTotal.TotalSeconds / total, 0, 1);
    }

    /// <summary>
    /// Share of transient failures later recovered: transient failures of tasks that then succeeded ÷
    /// transient failures of tasks that have ended (succeeded, or failed for good: its last failure
    /// included). 1 while no such task has ended; failures still waiting for their retry count in
    /// neither part. The same figure in the dashboard, the metrics and the report.
    /// </summary>
    public static double RecoveryRate(RunState state)
    {
        var ended = state.RecoveredFailures + state.UnrecoveredFailures;
        return ended == 0 ? 1 : (double)state.RecoveredFailures / ended;
    }

    /// <summary>Failed attempts ÷ attempts that ended (0 while nothing has ended).</summary>
    public static double ErrorRate(RunState state)
    {
        var attempts = state.SucceededCount + state.TotalFailures;
        return attempts == 0 ? 0 : (double)state.TotalFailures / attempts;
    }
}
