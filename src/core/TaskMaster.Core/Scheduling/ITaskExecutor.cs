using TaskMaster.Core.Queue;

namespace TaskMaster.Core.Scheduling;

/// <summary>
/// The dispatch seam: how an attempt of a task reaches something that runs it. Embedded mode runs
/// real processes in this process; the distributed shape sends the launch to a worker service.
/// </summary>
public interface ITaskExecutor : IAsyncDisposable
{
    /// <summary>
    /// Starts an attempt and returns at once. The executor reports progress and exactly one
    /// completion for it through <paramref name="reporter"/>, from any thread.
    /// </summary>
    void Start(TaskLaunch launch, ITaskReporter reporter);

    /// <summary>
    /// Kills every running attempt (its whole process tree). Each still reports its completion,
    /// as <see cref="Policies.TaskFailureKind.Cancelled"/>.
    /// </summary>
    void CancelAll();

    /// <summary>
    /// Ends one attempt (its whole process tree, as a timeout does) if it is still running; nothing
    /// otherwise. It still reports its completion, as <see cref="Policies.TaskFailureKind.Cancelled"/>.
    /// </summary>
    void Cancel(int taskIndex, int attempt);
}

/// <summary>Where an executor reports what its attempts do. Thread-safe; never blocks.</summary>
public interface ITaskReporter
{
    void Progress(TaskLaunch launch, double percent, string? message);

    void Completed(TaskAttemptResult result);
}

/// <summary>One attempt of one task, as handed to an executor.</summary>
/// <param name="RunId">The run this attempt belongs to.</param>
/// <param name="TaskIndex">The task's index in <see cref="QueueDefinition.Tasks"/>.</param>
/// <param name="Task">The task.</param>
/// <param name="Attempt">1 for the first attempt.</param>
/// <param name="QueueDirectory">The queue file's folder: working directories are relative to it (and <c>file</c> criteria to the working directory).</param>
public sealed record TaskLaunch(string RunId, int TaskIndex, TaskDefinition Task, int Attempt, string QueueDirectory);

/// <summary>How an attempt ended, as observed by the executor (classification is the scheduler's).</summary>
/// <param name="Launch">The attempt.</param>
/// <param name="Succeeded">True when every success criterion held.</param>
/// <param name="ExitCode">The exit code when the process exited normally.</param>
/// <param name="Signal">The signal number when the process was killed by one.</param>
/// <param name="FailureKind">What went wrong, when it did not succeed.</param>
/// <param name="Duration">Wall time from start to end.</param>
/// <param name="Reason">A one-line explanation of the failure, for people.</param>
/// <param name="StderrTail">The last lines the attempt wrote to stderr.</param>
public sealed record TaskAttemptResult(
    TaskLaunch Launch,
    bool Succeeded,
    int? ExitCode,
    int? Signal,
    Policies.TaskFailureKind? FailureKind,
    TimeSpan Duration,
    string? Reason,
    IReadOnlyList<string> StderrTail)
{
    public static TaskAttemptResult Success(TaskLaunch launch, int exitCode, TimeSpan duration) =>
        new(launch, true, exitCode, null, null, duration, null, []);

    public static TaskAttemptResult Failure(
        TaskLaunch launch, Policies.TaskFailureKind kind, string reason, TimeSpan duration,
        int? exitCode = null, int? signal = null, IReadOnlyList<string>? stderrTail = null) =>
        new(launch, false, exitCode, signal, kind, duration, reason, stderrTail ?? []);
}
