using TaskMaster.Core.Scheduling;

namespace TaskMaster.Benchmarks.Dispatch;

/// <summary>Completes every attempt at once, on the caller's thread: what is left to measure is the scheduler.</summary>
internal sealed class NoOpExecutor : ITaskExecutor
{
    public void Start(TaskLaunch launch, ITaskReporter reporter) =>
        reporter.Completed(TaskAttemptResult.Success(launch, 0, TimeSpan.Zero));

    public void CancelAll() { }

    public void Cancel(int taskIndex, int attempt) { }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
