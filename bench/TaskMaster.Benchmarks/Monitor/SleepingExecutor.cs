using TaskMaster.Core.Scheduling;

namespace TaskMaster.Benchmarks.Monitor;

/// <summary>Completes every attempt after <paramref name="duration"/> on a timer: short real tasks without processes.</summary>
internal sealed class SleepingExecutor(TimeSpan duration) : ITaskExecutor
{
    public void Start(TaskLaunch launch, ITaskReporter reporter) =>
        _ = Task.Delay(duration).ContinueWith(
            _ => reporter.Completed(TaskAttemptResult.Success(launch, 0, duration)), TaskScheduler.Default);

    public void CancelAll() { }

    // The benchmark never overrides a task, as in the other benchmark executors.
    public void Cancel(int taskIndex, int attempt) { }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
