namespace TaskMaster.Core.State;

/// <summary>How an attempt of a task ended (<see cref="AttemptSpan"/> says when).</summary>
public enum AttemptOutcome
{
    /// <summary>It has not ended yet.</summary>
    Running,

    /// <summary>It met the task's success criteria, or an operator marked the task succeeded while it ran.</summary>
    Succeeded,

    /// <summary>It failed (a retry may follow).</summary>
    Failed,

    /// <summary>The executor stopped it (a stop, a rollback, a dead executor), or an operator cancelled the task while it ran.</summary>
    Cancelled,

    /// <summary>An operator skipped the task while it ran.</summary>
    Skipped,
}
