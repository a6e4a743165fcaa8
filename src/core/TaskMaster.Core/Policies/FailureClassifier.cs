using TaskMaster.Core.Queue;
using TaskMaster.Core.Scheduling;

namespace TaskMaster.Core.Policies;

/// <summary>Decides whether a failed attempt is transient, permanent or the executor's own (critical).</summary>
public static class FailureClassifier
{
    public static TaskFailureClass Classify(TaskDefinition task, TaskAttemptResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Classify(task.RetryOn, result.FailureKind ?? TaskFailureKind.ExitCode, result.ExitCode);
    }

    public static TaskFailureClass Classify(RetryOn retryOn, TaskFailureKind kind, int? exitCode) => kind switch
    {
        TaskFailureKind.ExecutorError => TaskFailureClass.Critical,
        // The task did nothing wrong that we know of: its worker vanished under it.
        TaskFailureKind.WorkerLost => TaskFailureClass.Transient,
        TaskFailureKind.Timeout => retryOn.Timeout ? TaskFailureClass.Transient : TaskFailureClass.Permanent,
        TaskFailureKind.Signal => retryOn.Signal ? TaskFailureClass.Transient : TaskFailureClass.Permanent,
        TaskFailureKind.ExitCode when exitCode is { } code && retryOn.ExitCodes.Contains(code) => TaskFailureClass.Transient,
        // A wrong exit code not listed, a missing output file or a task that cannot start will fail the same way again.
        _ => TaskFailureClass.Permanent,
    };
}
