using System.ComponentModel.DataAnnotations;
using TaskMaster.Core.Scheduling;

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
}
