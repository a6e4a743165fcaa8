using TaskMaster.Core.Events;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.State;

namespace TaskMaster.Core.Tests.Scheduling;

/// <summary>Records events and lets a test await the first one that matches.</summary>
internal sealed class EventRecorder : IRunObserver
{
    private readonly Lock _gate = new();
    private readonly List<(Func<RunEvent, bool> Match, TaskCompletionSource<RunEvent> Tcs)> _waiters = [];

    public List<RunEvent> Events { get; } = [];

    public void OnEvent(RunEvent e, RunState state) => Record(e);

    /// <summary>Records an event that reaches the test some other way (a checkpointer's callbacks).</summary>
    public void Record(RunEvent e)
    {
        lock (_gate)
        {
            Events.Add(e);
            foreach (var w in _waiters.Where(w => w.Match(e)).ToList())
            {
                _waiters.Remove(w);
                w.Tcs.TrySetResult(e);
            }
        }
    }

    public Task<T> WaitFor<T>(Func<T, bool>? match = null) where T : RunEvent
    {
        var tcs = new TaskCompletionSource<RunEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            var seen = Events.OfType<T>().FirstOrDefault(e => match?.Invoke(e) ?? true);
            if (seen is not null) return Task.FromResult(seen);
            _waiters.Add((e => e is T t && (match?.Invoke(t) ?? true), tcs));
        }
        return tcs.Task.WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(t => (T)t.Result, TaskScheduler.Default);
    }

    public IEnumerable<T> OfType<T>()
    {
        lock (_gate) return Events.OfType<T>().ToList();
    }
}
