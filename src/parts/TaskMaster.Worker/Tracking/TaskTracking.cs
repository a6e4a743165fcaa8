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

/// <summary>
/// <c>TASKMASTER_TASK_TRACKING</c>: <c>auto</c> (the default) or <c>process-tree</c>, for machines where
/// cgroups should be left alone (a cgroup tree another manager owns, say).
/// </summary>
public static class TaskTrackingVariable
{
    public const string Name = "TASKMASTER_TASK_TRACKING";

    /// <summary>Reads the variable; false with a message naming it and what it takes when its value is neither.</summary>
    public static bool TryRead(out TaskTracking tracking, out string problem)
    {
        var value = Environment.GetEnvironmentVariable(Name);
        (tracking, problem) = value switch
        {
            null or "" or "auto" => (TaskTracking.Auto, ""),
            "process-tree" => (TaskTracking.ProcessTree, ""),
            _ => (TaskTracking.Auto, $"{Name}='{value}' is not a way to track tasks; expected auto or process-tree."),
        };
        return problem.Length == 0;
    }
}
