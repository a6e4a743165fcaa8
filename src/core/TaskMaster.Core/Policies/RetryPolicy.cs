using Polly.Contrib.WaitAndRetry;
using TaskMaster.Core.Queue;

namespace TaskMaster.Core.Policies;

/// <summary>
/// When the next attempt of a transiently failed task is due: exponential backoff with decorrelated
/// jitter (Polly's "jitter V2"), from the task's <c>retry-backoff</c> as the median first delay.
/// The jitter is seeded by run and task, so a replay computes the same delays.
/// </summary>
public sealed class RetryPolicy(TimeSpan maxDelay)
{
    /// <summary>No single wait is longer than this, however many attempts came before.</summary>
    public static readonly TimeSpan DefaultMaxDelay = TimeSpan.FromMinutes(10);

    public static RetryPolicy Default { get; } = new(DefaultMaxDelay);

    public TimeSpan MaxDelay { get; } = maxDelay;

    /// <summary>True when the task has retries left after <paramref name="transientFailures"/> transient failures.</summary>
    public static bool HasRetriesLeft(TaskDefinition task, int transientFailures) => transientFailures <= task.Retries;

    /// <summary>The wait before the attempt that follows the <paramref name="failureNumber"/>-th transient failure (1-based).</summary>
    public TimeSpan DelayAfter(TaskDefinition task, int failureNumber, string runId)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failureNumber, 1);
        if (task.RetryBackoff <= TimeSpan.Zero) return TimeSpan.Zero;
        var delays = Backoff.DecorrelatedJitterBackoffV2(task.RetryBackoff, failureNumber, StableSeed(runId, task.Id));
        var delay = delays.Last();
        return delay > MaxDelay ? MaxDelay : delay;
    }

    // string.GetHashCode is randomised per process; a replay needs the same seed.
    private static int StableSeed(string runId, string taskId)
    {
        var hash = 2166136261u;
        foreach (var c in runId) hash = (hash ^ c) * 16777619u;
        hash = (hash ^ '/') * 16777619u;
        foreach (var c in taskId) hash = (hash ^ c) * 16777619u;
        return unchecked((int)hash);
    }
}
