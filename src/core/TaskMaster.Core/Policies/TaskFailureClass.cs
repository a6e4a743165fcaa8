namespace TaskMaster.Core.Policies;

/// <summary>How a failure is treated.</summary>
public enum TaskFailureClass
{
    /// <summary>Retryable: it matches the task's <c>retry-on</c>.</summary>
    Transient,

    /// <summary>The task itself failed and another attempt would not help.</summary>
    Permanent,

    /// <summary>The executor failed, not the task (disk full, journal or log write failed, spawn failed).</summary>
    Critical,
}

/// <summary>What was observed when an attempt did not succeed.</summary>
public enum TaskFailureKind
{
    /// <summary>The process exited with a code the success criteria do not accept.</summary>
    ExitCode,

    /// <summary>The process was killed by a signal it did not get from us.</summary>
    Signal,

    /// <summary>The task ran past its <c>timeout</c> and its process tree was killed.</summary>
    Timeout,

    /// <summary>The exit code was accepted but a <c>file</c> or <c>stdout contains</c> criterion was not met.</summary>
    SuccessCriteria,

    /// <summary>The task could not be started (its working directory is missing, say).</summary>
    StartFailed,

    /// <summary>The executor failed around the task (log write failed, spawn failed, disk full).</summary>
    ExecutorError,

    /// <summary>The run was stopped while the task ran and its process tree was killed.</summary>
    Cancelled,

    /// <summary>
    /// The worker running the attempt went silent (no heartbeat for its lease: killed, crashed, cut off
    /// from the broker). Nothing is known of the task itself, so it is tried again like any transient failure.
    /// </summary>
    WorkerLost,
}
