using TaskMaster.Core.Events;

namespace TaskMaster.Checkpoint.Journal;

/// <summary>An event in a few words (its type and task), for messages about journal records.</summary>
public static class JournalEventText
{
    public static string Describe(RunEvent e) => e switch
    {
        TaskStarted s => $"{nameof(TaskStarted)} of {s.TaskId}",
        TaskSucceeded s => $"{nameof(TaskSucceeded)} of {s.TaskId}",
        TaskFailed f => $"{nameof(TaskFailed)} of {f.TaskId}",
        TaskProgressed p => $"{nameof(TaskProgressed)} of {p.TaskId}",
        TaskRetryScheduled r => $"{nameof(TaskRetryScheduled)} of {r.TaskId}",
        TaskCancelled c => $"{nameof(TaskCancelled)} of {c.TaskId}",
        TaskOverridden o => $"{nameof(TaskOverridden)} of {o.TaskId}",
        TasksBlocked b => $"{nameof(TasksBlocked)} by {b.CauseTaskId}",
        _ => e.GetType().Name,
    };
}
