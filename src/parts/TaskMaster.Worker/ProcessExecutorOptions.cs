using System.ComponentModel.DataAnnotations;
using TaskMaster.Core.Scheduling;
using TaskMaster.LocalHome;
using TaskMaster.Worker.Tracking;

namespace TaskMaster.Worker;

/// <summary>Settings of <see cref="ProcessTaskExecutor"/>.</summary>
public sealed class ProcessExecutorOptions
{
    /// <summary>The TaskMaster home: task logs and task state files are kept under it.</summary>
    [Required]
    public required HomeLayout Home { get; set; }

    /// <summary>
    /// How long a timed-out task has between SIGTERM and SIGKILL, and how long output is still read
    /// after a task ends before it is abandoned (a process that left the task's group holds it).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan KillGrace { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How many of the last stderr lines an attempt's result carries.</summary>
    [Range(0, 10_000)]
    public int StderrTailLines { get; set; } = 20;

    /// <summary>
    /// The most bytes of output one attempt writes to its task log; past it the log keeps the first
    /// and the last half and says how much was cut between them. 0: no limit.
    /// </summary>
    [Range(0, long.MaxValue)]
    public long TaskLogMaxBytes { get; set; } = DefaultTaskLogMaxBytes;

    /// <summary>How a task's processes are found (<see cref="TaskTracking.Auto"/>: a cgroup where the machine offers one).</summary>
    public TaskTracking Tracking { get; set; } = TaskTracking.Auto;

    /// <summary>50 MiB.</summary>
    public const long DefaultTaskLogMaxBytes = 50L << 20;
}
