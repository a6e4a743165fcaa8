using TaskMaster.Core.State;

namespace TaskMaster.Core.Scheduling;

/// <summary>What an operator's request did, once the event recording it is durable.</summary>
/// <param name="State">The run's state after the action (<see cref="RunStatus.Interrupted"/> once a stop is acknowledged).</param>
/// <param name="Message">What happened, in a sentence for a person.</param>
/// <param name="JournalPosition">The journal position of the event that records the action; 0 when nothing changed.</param>
public sealed record ControlOutcome(RunStatus State, string Message, long JournalPosition);

/// <summary>Why an operator's request was refused.</summary>
public enum ControlRefusal
{
    /// <summary>The queue has no task with that id.</summary>
    UnknownTask,

    /// <summary>The action makes no sense in the run's or the task's present state.</summary>
    Impossible,
}

/// <summary>An operator's request that was refused, with a reason for a person; nothing changed.</summary>
public sealed class ControlRefusedException(ControlRefusal refusal, string message) : InvalidOperationException(message)
{
    public ControlRefusal Refusal { get; } = refusal;
}
