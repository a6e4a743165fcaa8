namespace TaskMaster.Worker.Tracking;

/// <summary>How the executor finds every process of a task (<see cref="ProcessExecutorOptions.Tracking"/>).</summary>
public enum TaskTracking
{
    /// <summary>A cgroup v2 per attempt where the machine offers a writable one to this process, else <see cref="ProcessTree"/>.</summary>
    Auto,

    /// <summary>
    /// No cgroups: the executor is a child subreaper and finds a task's processes by parentage, by
    /// session and by the <c>TASKMASTER_ATTEMPT_ID</c> each inherits.
    /// </summary>
    ProcessTree,
}
