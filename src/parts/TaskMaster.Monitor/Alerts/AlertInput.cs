using TaskMaster.Monitor.History;

namespace TaskMaster.Monitor.Alerts;

/// <summary>What the rules judge: the newest sample, the run's figures and the recent past.</summary>
/// <param name="Recent">Cumulative figures at each recent sample, oldest first, the newest being now's.</param>
public sealed record AlertInput(
    DateTimeOffset Now, HistorySample Sample, RunFiguresSnapshot Figures, IReadOnlyList<WindowPoint> Recent, AlertOptions Options)
{
    /// <summary>The newest point at or before <paramref name="at"/>; null when the window does not reach back so far.</summary>
    public WindowPoint? PointAtOrBefore(DateTimeOffset at)
    {
        WindowPoint? found = null;
        foreach (var point in Recent)
        {
            if (point.At > at) break;
            found = point;
        }
        return found;
    }
}

/// <summary>The run's cumulative counts at one sample.</summary>
public sealed record WindowPoint(DateTimeOffset At, int Finished, int EndedAttempts, int FailedAttempts);

/// <summary>What a rule says of one alert now.</summary>
public enum Verdict
{
    /// <summary>The condition is not met: the alert may resolve.</summary>
    Clear,

    /// <summary>Between the firing and the clearing thresholds: the alert keeps its state.</summary>
    Hold,

    /// <summary>The condition is met: the alert fires.</summary>
    Breach,
}

/// <summary>One rule's verdict on one alert (per run, or per task for <c>task_id</c>).</summary>
public sealed record AlertCondition(
    string Name, string? TaskId, Verdict Verdict, AlertSeverity Severity, string Summary, string Description)
{
    public string Key => TaskId is null ? Name : $"{Name}/{TaskId}";
}
