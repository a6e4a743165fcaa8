using TaskMaster.Core.Policies;
using TaskMaster.Core.Scheduling;

namespace TaskMaster.Core.Tests.Scheduling;

/// <summary>
/// An executor for engine tests: each launch's outcome comes from a script; a null outcome leaves
/// the attempt running until the test completes it.
/// </summary>
internal sealed class ScriptedExecutor(Func<TaskLaunch, TaskAttemptResult?> script) : ITaskExecutor
{
    private readonly Lock _gate = new();
    private readonly List<(TaskLaunch Launch, ITaskReporter Reporter)> _running = [];

    public ScriptedExecutor() : this(l => TaskAttemptResult.Success(l, 0, TimeSpan.FromMilliseconds(1))) { }

    public List<TaskLaunch> Launches { get; } = [];

    public int MaxConcurrent { get; private set; }

    /// <summary>Completes when the n-th launch (1-based) has been started.</summary>
    public TaskCompletionSource<TaskLaunch> WaitForLaunch(int n)
    {
        var tcs = new TaskCompletionSource<TaskLaunch>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (Launches.Count >= n) tcs.SetResult(Launches[n - 1]);
            else _waiters.Add((n, tcs));
        }
        return tcs;
    }

    private readonly List<(int N, TaskCompletionSource<TaskLaunch> Tcs)> _waiters = [];

    public void Start(TaskLaunch launch, ITaskReporter reporter)
    {
        TaskAttemptResult? outcome;
        lock (_gate)
        {
            Launches.Add(launch);
            _running.Add((launch, reporter));
            MaxConcurrent = Math.Max(MaxConcurrent, _running.Count);
            foreach (var w in _waiters.Where(w => w.N == Launches.Count).ToList())
            {
                _waiters.Remove(w);
                w.Tcs.SetResult(launch);
            }
            outcome = script(launch);
        }
        if (outcome is not null) Complete(outcome);
    }

    public void Progress(string taskId, double percent, string? message)
    {
        (TaskLaunch Launch, ITaskReporter Reporter) entry;
        lock (_gate) entry = _running.Single(r => r.Launch.Task.Id == taskId);
        entry.Reporter.Progress(entry.Launch, percent, message);
    }

    public void Complete(TaskAttemptResult result)
    {
        ITaskReporter reporter;
        lock (_gate)
        {
            var index = _running.FindIndex(r => r.Launch == result.Launch);
            reporter = _running[index].Reporter;
            _running.RemoveAt(index);
        }
        reporter.Completed(result);
    }

    public void Succeed(string taskId) => Complete(TaskAttemptResult.Success(Running(taskId), 0, TimeSpan.FromSeconds(1)));

    public TaskLaunch Running(string taskId)
    {
        lock (_gate) return _running.Single(r => r.Launch.Task.Id == taskId).Launch;
    }

    public void CancelAll()
    {
        List<(TaskLaunch Launch, ITaskReporter Reporter)> all;
        lock (_gate) all = [.. _running];
        foreach (var (launch, _) in all)
            Complete(TaskAttemptResult.Failure(launch, TaskFailureKind.Cancelled, "cancelled", TimeSpan.Zero));
    }

    /// <summary>The attempts <see cref="Cancel"/> was asked to kill, as (task index, attempt).</summary>
    public List<(int TaskIndex, int Attempt)> Cancelled { get; } = [];

    /// <summary>Records the request; the attempt's result is left to the test, to play a late (stale) one.</summary>
    public void Cancel(int taskIndex, int attempt)
    {
        lock (_gate) Cancelled.Add((taskIndex, attempt));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
