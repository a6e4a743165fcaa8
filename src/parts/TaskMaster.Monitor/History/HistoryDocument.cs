using TaskMaster.Core.State;
using TaskMaster.LocalHome;
using TaskMaster.Monitor.Alerts;

namespace TaskMaster.Monitor.History;

/// <summary>A run's history as docs/monitoring-contract.md shapes it (<c>GET /api/v1/history</c>, the report's <c>history</c>).</summary>
/// <param name="JournalDamage">Why the timeline and errors stop short: the journal is damaged there (null when it is whole).</param>
public sealed record HistoryDocument(
    string RunId, DateTimeOffset? StartedAt, IReadOnlyList<HistorySample> Samples,
    IReadOnlyList<TimelineEntry> Timeline, IReadOnlyList<HistoryError> Errors, IReadOnlyList<Alert> Alerts,
    string? JournalDamage = null)
{
    /// <summary>A run's history: its attempts' timeline and errors, with the samples and alerts its monitoring folder under <paramref name="home"/> keeps.</summary>
    public static HistoryDocument Compose(
        HomeLayout home, string runId, DateTimeOffset? startedAt, IReadOnlyList<TimelineEntry> timeline, IReadOnlyList<HistoryError> errors,
        string? journalDamage) =>
        new(runId, startedAt, SampleStore.Read(MonitoringLayout.SamplesFile(home, runId)), timeline, errors,
            AlertCenter.ReadFile(MonitoringLayout.AlertsFile(home, runId)), journalDamage);
}

/// <summary>One attempt of a task, from its start to its end (null while it runs), in Unix milliseconds (<see cref="AttemptSpan"/>).</summary>
public sealed record TimelineEntry(string TaskId, int Attempt, long StartMs, long? EndMs, AttemptOutcome Outcome)
{
    public static TimelineEntry Of(AttemptRecord attempt)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        return new(attempt.TaskId, attempt.Attempt, attempt.StartedAt.ToUnixTimeMilliseconds(), attempt.EndedAt?.ToUnixTimeMilliseconds(), attempt.Outcome);
    }

    /// <summary>Its duration in seconds (end − start, as <see cref="AttemptSpan.Duration"/>), a running one's up to <paramref name="nowMs"/>.</summary>
    public double SecondsUntil(long nowMs) => Math.Max(0, (EndMs ?? nowMs) - StartMs) / 1000.0;

    /// <summary>Its duration in seconds; null while it runs.</summary>
    public double? Seconds() => EndMs is null ? null : SecondsUntil(0);
}

/// <param name="Class"><c>transient</c>, <c>permanent</c>, <c>critical</c> (failed attempts by class), <c>executor</c>, <c>checkpoint</c>.</param>
public sealed record HistoryError(long TMs, string? TaskId, string Class, string Message);
