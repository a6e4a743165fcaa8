namespace TaskMaster.Core.Checkpoints;

/// <summary>
/// What a checkpoint's task table already says, computed instead of written: the lists of task ids
/// by status, the current task, the tasks that run again on resume and the retry timers. Format 2
/// files leave them out and every reader gets them from here, as the builder does, so the two
/// can never disagree.
/// </summary>
internal static class CheckpointDerivation
{
    public static CheckpointDocument Complete(CheckpointDocument document)
    {
        var tasks = document.ExecutionState.Tasks;
        List<string> completed = [], pending = [], failed = [], blocked = [], skipped = [];
        var running = new List<TaskCheckpoint>();
        var timers = new List<RetryTimer>();
        // One pass: a 100k-task checkpoint is read on every resume.
        foreach (var task in tasks)
        {
            switch (task.Status)
            {
                case "running": running.Add(task); break;
                case "succeeded": completed.Add(task.Id); break;
                case "pending" or "ready": pending.Add(task.Id); break;
                case "retry_waiting":
                    pending.Add(task.Id);
                    if (task.NextRetryAt is { } due) timers.Add(new RetryTimer(task.Id, task.Attempt + 1, due));
                    break;
                case "failed": failed.Add(task.Id); break;
                case "blocked": blocked.Add(task.Id); break;
                case "skipped": skipped.Add(task.Id); break;
            }
        }
        // The first started first (ties in queue order): the PRD's "current task" leads.
        var runningIds = running.OrderBy(t => t.StartedAt).Select(t => t.Id).ToList();
        return document with
        {
            ExecutionState = document.ExecutionState with
            {
                CurrentTaskId = runningIds.FirstOrDefault(),
                RunningTasks = runningIds,
                CompletedTasks = completed,
                PendingTasks = pending,
                FailedTasks = failed,
                BlockedTasks = blocked,
                SkippedTasks = skipped,
            },
            RecoveryInformation = document.RecoveryInformation with { RerunOnResume = runningIds, RetryTimers = timers },
        };
    }
}
