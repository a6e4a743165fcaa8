using System.Collections.Concurrent;
using TaskMaster.Core.Scheduling;

namespace TaskMaster.Worker.Tests.Support;

/// <summary>Records what an executor reports and lets a test await it (never sleep).</summary>
internal sealed class RecordingReporter : ITaskReporter
{
    /// <summary>How long a test waits for a report before it fails: generous, as CI machines are slow.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<(string TaskId, int Attempt), TaskCompletionSource<TaskAttemptResult>> _completions = new();
    private readonly ConcurrentDictionary<(string TaskId, int Attempt), TaskCompletionSource> _firstProgress = new();
    private int _duplicateCompletions;

    public ConcurrentQueue<(string TaskId, double Percent, string? Message)> ProgressReports { get; } = new();

    /// <summary>Completions reported for an attempt that had already completed: the contract says there are none.</summary>
    public int DuplicateCompletions => Volatile.Read(ref _duplicateCompletions);

    public void Progress(TaskLaunch launch, double percent, string? message)
    {
        ProgressReports.Enqueue((launch.Task.Id, percent, message));
        Slot(_firstProgress, launch, () => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    public void Completed(TaskAttemptResult result)
    {
        if (!Slot(_completions, result.Launch, NewCompletion).TrySetResult(result)) Interlocked.Increment(ref _duplicateCompletions);
    }

    public Task<TaskAttemptResult> CompletionOf(TaskLaunch launch) =>
        Slot(_completions, launch, NewCompletion).Task.WaitAsync(Patience, TestContext.Current.CancellationToken);

    public Task FirstProgressOf(TaskLaunch launch) =>
        Slot(_firstProgress, launch, () => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task.WaitAsync(Patience, TestContext.Current.CancellationToken);

    public bool HasCompleted(TaskLaunch launch) => Slot(_completions, launch, NewCompletion).Task.IsCompleted;

    // Asynchronous continuations: a test resuming must not run on, and hold up, the executor's thread.
    private static TaskCompletionSource<TaskAttemptResult> NewCompletion() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static T Slot<T>(ConcurrentDictionary<(string, int), T> slots, TaskLaunch launch, Func<T> create) =>
        slots.GetOrAdd((launch.Task.Id, launch.Attempt), _ => create());
}
