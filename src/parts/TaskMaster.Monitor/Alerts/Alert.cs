namespace TaskMaster.Monitor.Alerts;

/// <summary>An alert as docs/monitoring-contract.md shapes it: one per firing, updated when it resolves.</summary>
/// <param name="Id">Unique in the run: name, task and when it fired.</param>
/// <param name="Name">One of <see cref="AlertNames"/>.</param>
/// <param name="EndsAt">When it resolved; null while it fires.</param>
/// <param name="Labels"><c>run_id</c>, and <c>task_id</c> for an alert about one task.</param>
public sealed record Alert(
    string Id, string Name, AlertSeverity Severity, AlertState State, string Summary, string Description,
    DateTimeOffset StartsAt, DateTimeOffset? EndsAt, IReadOnlyDictionary<string, string> Labels);

public enum AlertSeverity
{
    Warning,
    Critical,
}

public enum AlertState
{
    Firing,
    Resolved,
}

/// <summary>The alerts TaskMaster raises (docs/monitoring-history.md explains each).</summary>
public static class AlertNames
{
    public const string RunStalled = nameof(RunStalled);
    public const string HighErrorRate = nameof(HighErrorRate);
    public const string ThroughputDegraded = nameof(ThroughputDegraded);
    public const string CheckpointStale = nameof(CheckpointStale);
    public const string MemoryOverBudget = nameof(MemoryOverBudget);
    public const string PersistentFailures = nameof(PersistentFailures);

    public static IReadOnlyList<string> All { get; } =
        [RunStalled, HighErrorRate, ThroughputDegraded, CheckpointStale, MemoryOverBudget, PersistentFailures];
}
