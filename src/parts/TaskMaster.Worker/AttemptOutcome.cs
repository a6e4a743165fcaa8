using TaskMaster.Core.Policies;
using TaskMaster.Core.Scheduling;

namespace TaskMaster.Worker;

/// <summary>Why the executor itself ended an attempt's process tree, if it did.</summary>
internal enum AttemptKill
{
    None,
    Timeout,
    Cancelled,
    ExecutorError,
}

/// <summary>Turns what was observed of an attempt's process into its <see cref="TaskAttemptResult"/>.</summary>
internal static class AttemptOutcome
{
    /// <param name="launch">The attempt.</param>
    /// <param name="exitCode">The shell's exit code, 128+n when it was killed by signal n.</param>
    /// <param name="kill">Why we killed the tree, if we did: our own kills are never reported as signals.</param>
    /// <param name="detail">
    /// How the processes were ended (<see cref="ProcessEnding"/>) for a timeout or a cancel; the
    /// executor's own failure for <see cref="AttemptKill.ExecutorError"/>.
    /// </param>
    /// <param name="fileExists">Whether a <c>file</c> criterion's path exists, resolved against the working directory.</param>
    /// <param name="stdoutContained">Whether an ordinary stdout line contained a <c>stdout contains</c> text.</param>
    /// <param name="duration">Wall time of the attempt, until its last process ended.</param>
    /// <param name="stderrTail">The last stderr lines.</param>
    public static TaskAttemptResult Decide(
        TaskLaunch launch, int exitCode, AttemptKill kill, string? detail,
        Func<string, bool> fileExists, Func<string, bool> stdoutContained,
        TimeSpan duration, IReadOnlyList<string> stderrTail)
    {
        switch (kill)
        {
            case AttemptKill.Cancelled:
                return TaskAttemptResult.Failure(launch, TaskFailureKind.Cancelled, $"cancelled; {detail}", duration, stderrTail: stderrTail);
            case AttemptKill.Timeout:
                var limit = DurationText.Format(launch.Task.Timeout ?? duration);
                return TaskAttemptResult.Failure(launch, TaskFailureKind.Timeout, $"timed out after {limit}; {detail}", duration, stderrTail: stderrTail);
            case AttemptKill.ExecutorError:
                return TaskAttemptResult.Failure(launch, TaskFailureKind.ExecutorError, detail ?? "the executor failed", duration, stderrTail: stderrTail);
        }

        var criteria = launch.Task.Success;
        var unmet = criteria.Evaluate(exitCode, fileExists, stdoutContained);
        if (unmet is null) return TaskAttemptResult.Success(launch, exitCode, duration);
        if (criteria.ExitCodes.Contains(exitCode))
            return TaskAttemptResult.Failure(launch, TaskFailureKind.SuccessCriteria, unmet, duration, exitCode, stderrTail: stderrTail);
        if (UnixSignals.TryFromExitCode(exitCode, out var signal))
        {
            return TaskAttemptResult.Failure(
                launch, TaskFailureKind.Signal, $"killed by signal {signal} ({UnixSignals.Name(signal)})", duration,
                signal: signal, stderrTail: stderrTail);
        }
        return TaskAttemptResult.Failure(launch, TaskFailureKind.ExitCode, unmet, duration, exitCode, stderrTail: stderrTail);
    }

    /// <summary>The outcome as the task log's footer states it.</summary>
    public static string Describe(TaskAttemptResult result)
    {
        var took = DurationText.Format(result.Duration);
        return result.Succeeded
            ? $"succeeded (exit code {result.ExitCode}) in {took}"
            : $"failed ({result.FailureKind}): {result.Reason}, after {took}";
    }
}
