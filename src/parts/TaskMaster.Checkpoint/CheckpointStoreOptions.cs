using System.ComponentModel.DataAnnotations;
using TaskMaster.Core.Scheduling;
using TaskMaster.LocalHome;

namespace TaskMaster.Checkpoint;

/// <summary>Settings of <see cref="FileCheckpointStore"/>.</summary>
public sealed class CheckpointStoreOptions
{
    /// <summary>Where checkpoints are written; a failure here is critical. Default <c>$TASKMASTER_HOME/checkpoints</c>.</summary>
    [Required]
    public required string PrimaryDirectory { get; set; }

    /// <summary>
    /// The redundant copy (PRD-6 risk mitigation); null disables it. Default
    /// <c>$TASKMASTER_HOME/checkpoints-mirror</c>. Point it at another disk to survive losing one.
    /// </summary>
    public string? MirrorDirectory { get; set; }

    /// <summary>How many checkpoint files each folder keeps, newest first (latest.json is extra).</summary>
    [Range(1, 1_000_000)]
    public int Retain { get; set; } = 20;

    /// <summary>The defaults under <paramref name="home"/>.</summary>
    public static CheckpointStoreOptions For(HomeLayout home) => new()
    {
        PrimaryDirectory = home.CheckpointsDirectory,
        MirrorDirectory = home.CheckpointsMirrorDirectory,
    };
}
