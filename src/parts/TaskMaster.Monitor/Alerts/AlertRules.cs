using System.Globalization;
using TaskMaster.Core.Display;

namespace TaskMaster.Monitor.Alerts;

/// <summary>
/// The alert rules: pure functions of an <see cref="AlertInput"/>. Each rule but
/// PersistentFailures judges only a run that goes on, so every such alert clears once the run ends.
/// </summary>
public static class AlertRules
{
    /// <summary>A numeric rule clears only this far (relative) on the good side of its threshold.</summary>
    public const double ClearBand = 0.2;

    public static IEnumerable<AlertCondition> Evaluate(AlertInput input)
    {
        yield return RunStalled(input);
        yield return HighErrorRate(input);
        yield return ThroughputDegraded(input);
        yield return CheckpointStale(input);
        yield return MemoryOverBudget(input);
        foreach (var condition in PersistentFailures(input)) yield return condition;
    }

    public static AlertCondition RunStalled(AlertInput input)
    {
        var f = input.Figures;
        var since = f.LastActivityAt ?? f.StartedAt ?? input.Now;
        var idle = input.Now - since;
        var stalled = f.Active && f.Left > 0 && !f.PausedByOperator && idle >= input.Options.StallAfter;
        return new(AlertNames.RunStalled, null, stalled ? Verdict.Breach : Verdict.Clear, AlertSeverity.Critical,
            $"The run has made no progress for {Duration(idle)}",
            $"{Counted.Of(f.Left, "task")} left, {f.Running} running; no attempt started, progressed or ended since {ClockTime.Format(since)}.");
    }

    public static AlertCondition HighErrorRate(AlertInput input)
    {
        var options = input.Options;
        var now = input.Recent.Count > 0 ? input.Recent[^1] : null;
        var start = input.PointAtOrBefore(input.Now - options.ErrorRateWindow) ?? (input.Recent.Count > 0 ? input.Recent[0] : null);
        var ended = now is null || start is null ? 0 : now.EndedAttempts - start.EndedAttempts;
        var failed = now is null || start is null ? 0 : now.FailedAttempts - start.FailedAttempts;
        var rate = ended == 0 ? 0 : (double)failed / ended;
        var verdict = !input.Figures.Active || ended < options.ErrorRateMinAttempts ? Verdict.Clear
            : Band(rate > options.ErrorRateThreshold, rate < options.ErrorRateThreshold * (1 - ClearBand));
        return new(AlertNames.HighErrorRate, null, verdict, AlertSeverity.Warning,
            $"{Percent(rate)} of attempts failed over the last {HumanDuration.Format(options.ErrorRateWindow)}",
            $"{failed} of {Counted.Of(ended, "attempt")} that ended failed; the threshold is {Percent(options.ErrorRateThreshold)}.");
    }

    public static AlertCondition ThroughputDegraded(AlertInput input)
    {
        var (options, f) = (input.Options, input.Figures);
        var start = input.PointAtOrBefore(input.Now - options.ThroughputWindow);
        var verdict = Verdict.Clear;
        double recent = 0, baseline = 0;
        if (f.Active && !f.PausedByOperator && f.Left > 0 && start is not null && f.StartedAt is { } began
            && start.Finished >= options.ThroughputBaselineTasks && start.At > began)
        {
            recent = (f.Finished - start.Finished) / (input.Now - start.At).TotalMinutes;
            baseline = start.Finished / (start.At - began).TotalMinutes;
            verdict = Band(recent < options.ThroughputRatio * baseline, recent > options.ThroughputRatio * (1 + ClearBand) * baseline);
        }
        return new(AlertNames.ThroughputDegraded, null, verdict, AlertSeverity.Warning,
            $"Throughput fell to {recent:0.##} tasks/min against the run's {baseline:0.##} before",
            $"Tasks finished per minute over the last {HumanDuration.Format(options.ThroughputWindow)} are below " +
            $"{Percent(options.ThroughputRatio)} of the run's own rate until then.");
    }

    public static AlertCondition CheckpointStale(AlertInput input)
    {
        var (interval, f) = (input.Options.CheckpointInterval, input.Figures);
        var last = f.LastCheckpointAt ?? f.StartedAt ?? input.Now;
        var age = input.Now - last;
        var stale = f.Active && interval > TimeSpan.Zero && age > 2 * interval;
        return new(AlertNames.CheckpointStale, null, stale ? Verdict.Breach : Verdict.Clear, AlertSeverity.Warning,
            $"No checkpoint for {Duration(age)}",
            $"The last checkpoint was taken at {ClockTime.Format(last)}; one is due every {HumanDuration.Format(interval)}.");
    }

    public static AlertCondition MemoryOverBudget(AlertInput input)
    {
        var (sample, ratio) = (input.Sample, input.Options.MemoryBudgetRatio);
        var limit = ratio * sample.MemoryBudgetBytes;
        var verdict = !input.Figures.Active || sample.MemoryBudgetBytes <= 0 ? Verdict.Clear
            : Band(sample.MemoryBytes > limit, sample.MemoryBytes < limit * (1 - ClearBand / 2));
        return new(AlertNames.MemoryOverBudget, null, verdict, AlertSeverity.Warning,
            $"The executor uses {sample.MemoryBytes >> 20} MiB, over its O(√n) budget of {sample.MemoryBudgetBytes >> 20} MiB",
            $"Resident memory is {Percent(sample.MemoryBudgetBytes == 0 ? 0 : (double)sample.MemoryBytes / sample.MemoryBudgetBytes)} of the budget; the threshold is {Percent(ratio)}.");
    }

    /// <summary>One condition per task that failed for good or failed its last attempts in a row; tasks not named are clear.</summary>
    public static IEnumerable<AlertCondition> PersistentFailures(AlertInput input) =>
        input.Figures.Troubled
            .Where(t => t.FailedForGood || t.ConsecutiveFailures >= input.Options.PersistentFailureCount)
            .Select(t => new AlertCondition(AlertNames.PersistentFailures, t.TaskId, Verdict.Breach,
                t.FailedForGood ? AlertSeverity.Critical : AlertSeverity.Warning,
                t.FailedForGood ? $"Task {t.TaskId} failed for good" : $"Task {t.TaskId} failed {t.ConsecutiveFailures} attempts in a row",
                $"{Counted.Of(t.ConsecutiveFailures, "failed attempt")} in a row; the last: {t.LastReason}"));

    /// <summary>A duration to the second, as every view writes one.</summary>
    private static string Duration(TimeSpan span) => HumanDuration.Format(TimeSpan.FromSeconds(Math.Max(0, Math.Round(span.TotalSeconds))));

    private static Verdict Band(bool breach, bool clear) => breach ? Verdict.Breach : clear ? Verdict.Clear : Verdict.Hold;

    private static string Percent(double share) => (100 * share).ToString("0.#", CultureInfo.InvariantCulture) + "%";
}
