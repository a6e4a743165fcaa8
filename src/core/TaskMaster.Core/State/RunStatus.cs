namespace TaskMaster.Core.State;

/// <summary>Where a run is.</summary>
public enum RunStatus
{
    NotStarted,
    Running,

    /// <summary>Dispatch stopped (by an operator or by policy); running tasks go on.</summary>
    Paused,

    /// <summary>Every task succeeded or was skipped.</summary>
    Completed,

    /// <summary>Every task reached a final state and at least one failed or was blocked.</summary>
    Failed,

    /// <summary>Stopped with work left (signal, stop request, executor fault); resumable.</summary>
    Interrupted,
}
