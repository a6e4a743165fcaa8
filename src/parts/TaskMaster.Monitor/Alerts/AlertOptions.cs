using System.ComponentModel.DataAnnotations;

namespace TaskMaster.Monitor.Alerts;

/// <summary>
/// The thresholds of the alert rules (docs/monitoring-history.md), each settable on the command
/// line. Each numeric rule fires past its threshold and clears only a band below it (20 %), and an
/// alert resolves only once its condition has been clear for <see cref="ResolveAfter"/>: no flapping.
/// </summary>
public sealed record AlertOptions
{
    /// <summary>RunStalled: work is left and no attempt started, progressed or ended for this long.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan StallAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>HighErrorRate: failed ÷ ended attempts over <see cref="ErrorRateWindow"/> above this.</summary>
    [Range(0.01, 1.0)]
    public double ErrorRateThreshold { get; set; } = 0.5;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ErrorRateWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>HighErrorRate needs at least this many ended attempts in the window to judge.</summary>
    [Range(1, 1_000_000)]
    public int ErrorRateMinAttempts { get; set; } = 5;

    /// <summary>ThroughputDegraded: tasks finished per minute over <see cref="ThroughputWindow"/> below this share of the run's own rate before it.</summary>
    [Range(0.01, 0.99)]
    public double ThroughputRatio { get; set; } = 0.5;

    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan ThroughputWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>ThroughputDegraded judges only once this many tasks finished before the window (the baseline).</summary>
    [Range(1, 1_000_000)]
    public int ThroughputBaselineTasks { get; set; } = 10;

    /// <summary>CheckpointStale: the run's checkpoint interval; the alert fires at twice it. Zero: no timed checkpoints, no alert.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>MemoryOverBudget: the executor's memory above this share of its O(√n) budget.</summary>
    [Range(0.1, 100.0)]
    public double MemoryBudgetRatio { get; set; } = 1.0;

    /// <summary>PersistentFailures: a task failed this many attempts in a row (or failed for good).</summary>
    [Range(1, 1000)]
    public int PersistentFailureCount { get; set; } = 3;

    /// <summary>An alert resolves once its condition has been clear this long.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan ResolveAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The problems with these settings, each naming its setting; empty when they are good.</summary>
    public IReadOnlyList<string> Validate()
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true);
        return results.Select(r => r.ErrorMessage ?? string.Join(", ", r.MemberNames)).ToList();
    }
}
