namespace TaskMaster.Core.Events;

/// <summary>What an operator decides for a task (<see cref="TaskOverridden"/>); docs/control.md has the table by task state.</summary>
public enum OverrideAction
{
    /// <summary>Run it again: it waits for its dependencies, with a fresh retry budget; tasks blocked only by it are unblocked.</summary>
    Retry,

    /// <summary>Do not run it; its dependents may run.</summary>
    Skip,

    /// <summary>Count it as succeeded without running it (again); its dependents may run.</summary>
    Succeed,

    /// <summary>Do not run it, and fail it for good: its dependents are blocked.</summary>
    Cancel,
}
