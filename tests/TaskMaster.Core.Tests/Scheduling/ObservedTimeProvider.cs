using Microsoft.Extensions.Time.Testing;

namespace TaskMaster.Core.Tests.Scheduling;

/// <summary>
/// A fake clock that also tells when a timer is created: a test must not move the clock before the
/// timer it means to fire exists, and some timers are armed with no event to await.
/// </summary>
internal sealed class ObservedTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly Lock _gate = new();
    private readonly List<(int Count, TaskCompletionSource Tcs)> _waiters = [];
    private int _created;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        lock (_gate)
        {
            _created++;
            foreach (var waiter in _waiters.Where(w => w.Count <= _created).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Tcs.SetResult();
            }
        }
        return timer;
    }

    /// <summary>Completes when <paramref name="count"/> timers have been created in all.</summary>
    public Task WaitForTimers(int count)
    {
        lock (_gate)
        {
            if (_created >= count) return Task.CompletedTask;
            var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, tcs));
            return tcs.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }
}
