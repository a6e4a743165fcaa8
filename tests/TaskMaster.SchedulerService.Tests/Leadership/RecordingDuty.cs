using TaskMaster.Scheduler.Leadership;

namespace TaskMaster.SchedulerService.Tests.Leadership;

/// <summary>A leader's duty that records what it was asked to do, each call awaitable.</summary>
internal sealed class RecordingDuty : ILeaderDuty
{
    private readonly Lock _gate = new();
    private readonly List<string> _calls = [];
    private readonly List<(string Call, TaskCompletionSource Seen)> _waiters = [];

    public LeaderFence? Fence { get; private set; }

    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (_gate) return [.. _calls];
        }
    }

    public Task TakeOverAsync(LeaseTerm term, LeaderFence fence, CancellationToken stepDown)
    {
        Fence = fence;
        Record($"take-over {term.FencingToken}");
        return Task.CompletedTask;
    }

    public Task StepDownAsync()
    {
        Record("step-down");
        return Task.CompletedTask;
    }

    public Task StopAsync()
    {
        Record("stop");
        return Task.CompletedTask;
    }

    /// <summary>Completes once a call starting with <paramref name="call"/> was made (at once if it was).</summary>
    public Task Seen(string call)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_calls.Any(c => c.StartsWith(call, StringComparison.Ordinal))) seen.SetResult();
            else _waiters.Add((call, seen));
        }
        return seen.Task;
    }

    private void Record(string call)
    {
        List<TaskCompletionSource> due;
        lock (_gate)
        {
            _calls.Add(call);
            due = [.. _waiters.Where(w => call.StartsWith(w.Call, StringComparison.Ordinal)).Select(w => w.Seen)];
            _waiters.RemoveAll(w => call.StartsWith(w.Call, StringComparison.Ordinal));
        }
        foreach (var seen in due) seen.SetResult();
    }
}
