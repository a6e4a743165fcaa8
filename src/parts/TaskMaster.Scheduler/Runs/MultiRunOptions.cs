using System.ComponentModel.DataAnnotations;

namespace TaskMaster.Scheduler.Runs;

/// <summary>How the scheduler service runs its runs: <c>TASKMASTER_SCHEDULER__*</c>.</summary>
public sealed class MultiRunOptions
{
    public const string Section = "Scheduler";

    /// <summary>Attempts one run may have at once when its submission names none (nor its queue).</summary>
    [Range(1, 1_000_000)]
    public int DefaultConcurrency { get; set; } = 8;

    /// <summary>Cores one run may hand out to its running tasks; 0: as many as its concurrency.</summary>
    [Range(0, 1_000_000)]
    public double CpuCapacity { get; set; }

    /// <summary>A checkpoint of each run every this many seconds, as embedded (PRD-6: five minutes); 0 turns the timer off.</summary>
    [Range(0, 86_400)]
    public int CheckpointIntervalSeconds { get; set; } = 300;
}
