using Microsoft.Extensions.Logging;

namespace TaskMaster.Worker;

/// <summary>What <see cref="ProcessTaskExecutor"/> logs about itself (a task's own output goes to its task log).</summary>
internal static partial class ProcessTaskExecutorLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Run {RunId} task {TaskId} attempt {Attempt} started as process {ProcessId}, tracked by {Tracking}")]
    public static partial void AttemptStarted(this ILogger logger, string runId, string taskId, int attempt, int processId, string tracking);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Run {RunId} task {TaskId} attempt {Attempt} {Outcome}")]
    public static partial void AttemptCompleted(this ILogger logger, string runId, string taskId, int attempt, string outcome);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Run {RunId} task {TaskId} attempt {Attempt} failed in the executor")]
    public static partial void ExecutorFailed(this ILogger logger, Exception exception, string runId, string taskId, int attempt);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning,
        Message = "Run {RunId} task {TaskId} attempt {Attempt}: output abandoned {Grace} after its last process ended; a process outside the task still holds stdout or stderr")]
    public static partial void OutputAbandoned(this ILogger logger, string runId, string taskId, int attempt, TimeSpan grace);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "The reporter failed to take a report of run {RunId} task {TaskId} attempt {Attempt}")]
    public static partial void ReporterFailed(this ILogger logger, Exception exception, string runId, string taskId, int attempt);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Task processes: {Tracking}")]
    public static partial void TrackingChosen(this ILogger logger, string tracking);
}
