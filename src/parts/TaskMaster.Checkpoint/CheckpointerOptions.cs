using System.ComponentModel.DataAnnotations;
using TaskMaster.Core.Policies;
using TaskMaster.Core.Scheduling;
using TaskMaster.LocalHome;

namespace TaskMaster.Checkpoint;

/// <summary>When and what the checkpointer writes.</summary>
public sealed class CheckpointerOptions
{
    [Required]
    public required HomeLayout Home { get; init; }

    /// <summary>A checkpoint every this long (PRD-6: five minutes). Zero turns the timer off.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The journal file checkpoints refer to, relative to the home.</summary>
    [Required]
    public required string JournalFile { get; init; }

    public int Concurrency { get; init; }

    public double CpuCapacity { get; init; }

    public long MemoryCapacity { get; init; }

    /// <summary>A task's state file larger than this is not copied into checkpoints (its hash still is).</summary>
    [Range(0, int.MaxValue)]
    public int MaxStateFileBytes { get; init; } = 1 << 20;

    public MemoryBudget MemoryBudget { get; init; } = MemoryBudget.Default;

    /// <summary>The sequence number of the last checkpoint already written for this run (0 for a new run).</summary>
    public long LastCheckpointSequence { get; init; }

    /// <summary>The file name of the last checkpoint already written for this run, if any.</summary>
    public string? PreviousCheckpoint { get; init; }

    /// <summary>The command a person runs to resume from a checkpoint (shown in it).</summary>
    public string ResumeCommand { get; init; } = "task-master resume";
}
