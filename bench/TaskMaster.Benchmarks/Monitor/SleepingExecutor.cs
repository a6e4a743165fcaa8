using TaskMaster.Core.Scheduling;

namespace TaskMaster.Benchmarks.Monitor;

/// <summary>Completes every attempt after <paramref name="duration"/> on a timer: short real tasks without processes.</summary>
internal sealed class SleepingExecutor(TimeSpan duration) : ITaskExecutor
{
    public void Start(TaskLaunch launch, ITaskReporter reporter) =>
        _ = Task.Delay(duration).ContinueWith(
            _ => reporter.Completed(TaskAttemptResult.Success(launch, 0, duration)), TaskScheduler.Default);

    public void CancelAll() { }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
