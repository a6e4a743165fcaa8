using TaskMaster.Core.Events;
using TaskMaster.Core.Policies;
using TaskMaster.Core.ReadModel;
using TaskMaster.Core.State;
using TaskMaster.LocalHome;
using TaskMaster.Monitor.History;
using TaskStatus = TaskMaster.Core.State.TaskStatus;

namespace TaskMaster.Monitor.Reports;

/// <summary>Builds a <see cref="RunReport"/> from a run's record and history; figures come from <see cref="RunMetrics"/> like every other view.</summary>
public static class RunReportBuilder
{
    public const int SlowestLimit = 10;
    public const int TrendBuckets = 10;

    /// <summary>The report of a home's run <paramref name="runId"/> (its newest when null), from its journal and monitoring folder; or why there is none.</summary>
    /// <param name="isLive">Whether an executor is running that run now.</param>
    public static (RunReport? Report, string? Problem) OfHome(HomeLayout home, string? runId, Func<string, bool> isLive, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(isLive);
        var (record, problem) = RunRecord.Load(home, runId);
        return record is null ? (null, problem) : (Build(record, HistoryBuilder.Build(home, record.RunId), isLive(record.RunId), now), null);
    }

    /// <param name="live">True when the run's executor is running it now.</param>
    /// <param name="taskLog">Where a task's log is read (by task id); its log file in the run's home when null.</param>
    public static RunReport Build(RunRecord run, HistoryDocument history, bool live, DateTimeOffset now, Func<string, string>? taskLog = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(history);
        var state = run.State;
        var phase = RunStatusMapper.PhaseOf(state.Status, live);
        var ended = phase is RunPhase.Completed or RunPhase.Failed or RunPhase.Stopped ? state.EndedAt ?? LastEventAt(run) : null;
        // An executor that lingers on a finished run (--monitor-linger) is alive, but the run is not.
        live &= ended is null;
        var nowMs = (ended ?? now).ToUnixTimeMilliseconds();
        var duration = state.StartedAt is { } began ? Math.Max(0, ((ended ?? now) - began).TotalSeconds) : 0;

        var seconds = TaskDurations.Of(history.Timeline, nowMs);
        var timing = (int index) => Timing(state, index, seconds);
        var slowest = Enumerable.Range(0, state.Tasks.Count).Where(i => seconds.ContainsKey(state.Queue.Tasks[i].Id))
            .Select(timing).OrderByDescending(t => t.DurationSeconds).ThenBy(t => t.Id, StringComparer.Ordinal).Take(SlowestLimit).ToList();
        var path = TaskDurations.CriticalPath(state.Graph, i => seconds.GetValueOrDefault(state.Queue.Tasks[i].Id)).Select(timing).ToList();
        var pathSeconds = path.Sum(t => t.DurationSeconds);
        var critical = new CriticalPathReport(Math.Round(pathSeconds, 3), duration > 0 ? Math.Round(Math.Min(1, pathSeconds / duration), 3) : 0, path);
        var resources = Resources(history.Samples);

        return new RunReport(
            RunReport.CurrentVersion, now, run.RunId, new QueueRef(run.Queue.Name, run.Queue.SourcePath), phase,
            phase is RunPhase.Paused or RunPhase.Stopped ? state.StatusReason : null, live,
            state.StartedAt, ended, Math.Round(duration, 3), Counts(state),
            FailedTaskReports.Of(run, history.Timeline, taskLog ?? (id => run.Home.TaskLogPath(run.RunId, id))), slowest, critical,
            history.Errors.GroupBy(e => e.Class).Select(g => new ErrorClassCount(g.Key, g.Count())).OrderByDescending(c => c.Count).ToList(),
            Trend(history.Errors, state.StartedAt?.ToUnixTimeMilliseconds() ?? nowMs, nowMs),
            resources, Recovery(state),
            new AutonomyFigures(Math.Round(RunMetrics.AutonomyScore(state), 4), state.OperatorActions, state.FinishedCount,
                Math.Round(RunMetrics.ExecutionEfficiency(state), 4)),
            RecommendationRules.For(state, seconds, critical, resources), history);
    }

    /// <summary>The run's recovery: <see cref="RunMetrics.RecoveryRate"/>, as every other view shows it.</summary>
    public static RecoveryFigures Recovery(RunState state)
    {
        var ended = state.RecoveredFailures + state.UnrecoveredFailures;
        return new RecoveryFigures(ended, state.RecoveredFailures, ended == 0 ? null : Math.Round(RunMetrics.RecoveryRate(state), 4));
    }

    private static ReportCounts Counts(RunState state) => new(
        state.Tasks.Count, state.Count(TaskStatus.Succeeded), state.Count(TaskStatus.Failed), state.Count(TaskStatus.Blocked),
        state.Count(TaskStatus.Skipped), state.Count(TaskStatus.Running),
        state.Count(TaskStatus.Pending) + state.Count(TaskStatus.Ready) + state.Count(TaskStatus.RetryWaiting),
        state.Tasks.Sum(t => t.Attempt), state.TotalFailures, Math.Round(RunMetrics.ErrorRate(state), 4));

    private static TaskTiming Timing(RunState state, int index, Dictionary<string, double> seconds)
    {
        var (definition, task) = (state.Queue.Tasks[index], state.Tasks[index]);
        return new TaskTiming(definition.Id, definition.Title, Math.Round(seconds.GetValueOrDefault(definition.Id), 3), task.Attempt,
            definition.Estimate?.TotalSeconds, System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(task.Status.ToString()));
    }

    private static List<ErrorTrendBucket> Trend(IReadOnlyList<HistoryError> errors, long startMs, long endMs)
    {
        var width = Math.Max(1, (endMs - startMs + TrendBuckets - 1) / TrendBuckets);
        var buckets = Enumerable.Range(0, TrendBuckets)
            .Select(i => (Start: startMs + i * width, Counts: new SortedDictionary<string, int>(StringComparer.Ordinal))).ToList();
        foreach (var error in errors)
        {
            var index = (int)Math.Clamp((error.TMs - startMs) / width, 0, TrendBuckets - 1);
            buckets[index].Counts[error.Class] = buckets[index].Counts.GetValueOrDefault(error.Class) + 1;
        }
        return buckets.Select(b => new ErrorTrendBucket(b.Start, b.Start + width, b.Counts)).ToList();
    }

    private static ResourceSummary? Resources(IReadOnlyList<HistorySample> samples)
    {
        if (samples.Count == 0) return null;
        var budget = samples[^1].MemoryBudgetBytes;
        var peaks = samples.SelectMany(s => s.Tasks).GroupBy(t => t.Id, StringComparer.Ordinal)
            .Select(g => new TaskResourcePeak(g.Key, g.Max(t => t.CpuPercent), g.Max(t => t.MemoryBytes)))
            .OrderByDescending(p => p.MemoryBytesMax).ThenByDescending(p => p.CpuPercentMax).Take(SlowestLimit).ToList();
        return new ResourceSummary(
            samples.Count, Math.Round(samples.Average(s => s.CpuPercent), 1), samples.Max(s => s.CpuPercent),
            samples.Max(s => s.MemoryBytes), budget,
            Math.Round(samples.Max(s => s.MemoryBudgetBytes > 0 ? 100.0 * s.MemoryBytes / s.MemoryBudgetBytes : 0), 1),
            Math.Round(samples.Average(s => s.DiskReadBytesPerS), 1), Math.Round(samples.Average(s => s.DiskWriteBytesPerS), 1),
            samples.Max(s => s.ThroughputPerMin), peaks);
    }

    private static DateTimeOffset? LastEventAt(RunRecord run) => run.Events.Count > 0 ? run.Events[^1].At : null;
}
