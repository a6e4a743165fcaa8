using System.ComponentModel.DataAnnotations;

namespace TaskMaster.Core.Scheduling;

/// <summary>How a run is scheduled. Validated before a run starts.</summary>
public sealed class SchedulerOptions
{
    /// <summary>The run's id (also in every task's <c>TASKMASTER_RUN_ID</c>).</summary>
    [Required]
    public string RunId { get; set; } = "";

    /// <summary>At most this many attempts run at once.</summary>
    [Range(1, 1_000_000)]
    public int Concurrency { get; set; } = Environment.ProcessorCount;

    /// <summary>Cores the executor may hand out to running tasks (tasks declare theirs with <c>resources: cpu=</c>).</summary>
    [Range(0.001, 1_000_000)]
    public double CpuCapacity { get; set; } = Environment.ProcessorCount;

    /// <summary>Bytes of memory the executor may hand out (<c>resources: memory=</c>).</summary>
    [Range(1, long.MaxValue)]
    public long MemoryCapacity { get; set; } = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>Never wait for a person: every decision is taken by policy.</summary>
    public bool Autonomous { get; set; }

    /// <summary>
    /// How many executor faults a task may meet before it fails for good (its dependents blocked), in
    /// autonomous and supervised runs alike: a fault that keeps recurring never holds a run.
    /// </summary>
    [Range(0, 100)]
    public int MaxExecutorFaultsPerTask { get; set; } = 3;

    /// <summary>
    /// How many times a permanent failure of the same <c>critical: true</c> task may roll the run back
    /// to the checkpoint taken before it started; past that it fails for good and its dependents are blocked.
    /// </summary>
    [Range(0, 100)]
    public int MaxRollbacksPerTask { get; set; } = 2;

    /// <summary>How long to wait before trying a task again after an executor fault.</summary>
    public TimeSpan ExecutorFaultCooldown { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Set when this run continues an earlier one (the checkpoint or journal it came from).</summary>
    public string? ResumedFrom { get; set; }

    /// <summary>
    /// Set when this run retries tasks of a run that ended (<c>task-master retry</c>): the state to
    /// resume from must be given, and the tasks are chosen in it by <see cref="RetrySelection"/>.
    /// </summary>
    public RetryRequest? Retry { get; set; }

    /// <summary>Checks the options; returns every problem, naming the setting.</summary>
    public IReadOnlyList<string> Validate()
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true);
        return results.Select(r => r.ErrorMessage ?? "invalid option").ToList();
    }
}
