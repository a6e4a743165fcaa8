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
        List<string> With(params string[] statuses) => tasks.Where(t => statuses.Contains(t.Status)).Select(t => t.Id).ToList();
        // The first started first (ties in queue order): the PRD's "current task" leads.
        var running = tasks.Where(t => t.Status == "running").OrderBy(t => t.StartedAt).Select(t => t.Id).ToList();
        return document with
        {
            ExecutionState = document.ExecutionState with
            {
                CurrentTaskId = running.FirstOrDefault(),
                RunningTasks = running,
                CompletedTasks = With("succeeded"),
                PendingTasks = With("pending", "ready", "retry_waiting"),
                FailedTasks = With("failed"),
                BlockedTasks = With("blocked"),
                SkippedTasks = With("skipped"),
            },
            RecoveryInformation = document.RecoveryInformation with
            {
                RerunOnResume = running,
                RetryTimers = tasks.Where(t => t.Status == "retry_waiting" && t.NextRetryAt is not null)
                    .Select(t => new RetryTimer(t.Id, t.Attempt + 1, t.NextRetryAt!.Value)).ToList(),
            },
        };
    }
}
