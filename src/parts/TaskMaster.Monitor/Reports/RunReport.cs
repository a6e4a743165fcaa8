using TaskMaster.Core.Display;
using TaskMaster.Core.ReadModel;
using TaskMaster.Monitor.History;

namespace TaskMaster.Monitor.Reports;

/// <summary>
/// <c>task-master report</c>'s JSON (docs/monitoring-history.md): a run, finished or running, for
/// analysis. <see cref="History"/> is the contract's history shape; the HTML report renders all of it.
/// </summary>
public sealed record RunReport(
    int ReportVersion, DateTimeOffset GeneratedAt, string RunId, QueueRef Queue, RunPhase State, string? StateReason, bool Live,
    DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, double DurationSeconds, ReportCounts Counts,
    IReadOnlyList<FailedTaskReport> FailedTasks, IReadOnlyList<TaskTiming> SlowestTasks, CriticalPathReport CriticalPath,
    IReadOnlyList<ErrorClassCount> ErrorsByClass, IReadOnlyList<ErrorTrendBucket> ErrorTrend,
    ResourceSummary? Resources, RecoveryFigures Recovery, AutonomyFigures Autonomy,
    IReadOnlyList<Recommendation> Recommendations, HistoryDocument History)
{
    public const int CurrentVersion = 1;
}

/// <param name="Waiting">Pending, ready or waiting for a retry.</param>
/// <param name="Attempts">Attempts started.</param>
/// <param name="ErrorRate">Failed attempts ÷ attempts that ended (<c>RunMetrics</c>).</param>
public sealed record ReportCounts(
    int Total, int Succeeded, int Failed, int Blocked, int Skipped, int Running, int Waiting,
    int Attempts, int FailedAttempts, double ErrorRate)
{
    /// <summary>How far the run is, as every view says it (<see cref="ProgressText"/>), and what is still going on.</summary>
    public string Describe()
    {
        var text = ProgressText.Of(Total, Succeeded, Failed, Blocked, Skipped);
        if (Running > 0) text += $", {Running} running";
        return Waiting > 0 ? $"{text}, {Waiting} waiting" : text;
    }
}

/// <param name="DurationSeconds">Time in all of its attempts (<c>AttemptSpan</c>; a running one up to now).</param>
/// <param name="State">pending, ready, running, retry_waiting, succeeded, failed, blocked, skipped.</param>
public sealed record TaskTiming(string Id, string Title, double DurationSeconds, int Attempts, double? EstimateSeconds, string State);

/// <param name="ShareOfRun">The path's duration ÷ the run's (0 while the run has no duration).</param>
public sealed record CriticalPathReport(double DurationSeconds, double ShareOfRun, IReadOnlyList<TaskTiming> Tasks);

public sealed record ErrorClassCount(string Class, int Count);

/// <summary>Errors by class within one tenth of the run's time so far.</summary>
public sealed record ErrorTrendBucket(long StartMs, long EndMs, IReadOnlyDictionary<string, int> Counts);

/// <summary>Summary of the samples; null when the run has none (it ran before history existed, or for less than an interval).</summary>
public sealed record ResourceSummary(
    int Samples, double CpuPercentAvg, double CpuPercentMax, long MemoryBytesMax, long MemoryBudgetBytes,
    double MemoryBudgetPercentMax, double DiskReadBytesPerSAvg, double DiskWriteBytesPerSAvg, double ThroughputPerMinMax,
    IReadOnlyList<TaskResourcePeak> TopTasks);

/// <summary>A task's highest CPU and memory over the samples (its process group).</summary>
public sealed record TaskResourcePeak(string Id, double CpuPercentMax, long MemoryBytesMax);

/// <param name="TransientFailures">Transient failures of tasks that have ended (succeeded or failed for good).</param>
/// <param name="Recovered">Those of tasks that then succeeded.</param>
/// <param name="RecoveryRate">Recovered ÷ transient failures; null when there was none.</param>
public sealed record RecoveryFigures(int TransientFailures, int Recovered, double? RecoveryRate);

/// <param name="Score">1 − operator actions ÷ finished tasks (<c>RunMetrics.AutonomyScore</c>).</param>
/// <param name="Efficiency">Time in attempts that succeeded ÷ time in all attempts.</param>
public sealed record AutonomyFigures(double Score, int OperatorActions, int Finished, double Efficiency);

/// <param name="Rule">Which rule (docs/monitoring-history.md) made it.</param>
public sealed record Recommendation(string Rule, string? TaskId, string Message);
