namespace TaskMaster.Monitor.Logs;

/// <summary>
/// Where the monitor service reads a task's log: not a file on its disk, as embedded, but what the
/// workers streamed while the attempt ran (batched log-line messages).
/// </summary>
public interface ITaskLogSource
{
    /// <summary>A page of one attempt's log from byte <paramref name="offset"/>; null when nothing of that attempt has arrived.</summary>
    /// <param name="ended">The attempt has ended: a page that reaches the end is complete.</param>
    TaskLogPage? Read(string runId, string taskId, int attempt, long offset, int limit, bool ended);
}
