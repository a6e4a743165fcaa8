using TaskMaster.Core.Events;
using TaskMaster.Core.Scheduling;

namespace TaskMaster.Core.Tests.Scheduling;

/// <summary>
/// A journal whose flushes a test holds and lets go one at a time, as a slow fsync would: what each
/// flush made durable is kept, so a test sees which events one fsync covered.
/// </summary>
internal sealed class HeldEventJournal : IEventJournal
{
    private readonly Lock _gate = new();
    private readonly List<RunEvent> _appended = [];
    private TaskCompletionSource _held = NewGate();
    private TaskCompletionSource _flushAsked = NewGate();
    private bool _open;

    /// <summary>The events of each flush that returned, in order.</summary>
    public List<IReadOnlyList<RunEvent>> Flushes { get; } = [];

    /// <summary>The sequence number of the last event a flush made durable.</summary>
    public long DurableSequence { get; private set; }

    /// <summary>Completes once the scheduler waits in a flush that has not been let go.</summary>
    public Task FlushAsked
    {
        get { lock (_gate) return _flushAsked.Task; }
    }

    public void Append(RunEvent e)
    {
        lock (_gate)
        {
            e.Sequence = DurableSequence + _appended.Count + 1;
            _appended.Add(e);
        }
    }

    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        Task held;
        lock (_gate)
        {
            held = _open ? Task.CompletedTask : _held.Task;
            _flushAsked.TrySetResult();
        }
        await held.ConfigureAwait(false);
        lock (_gate)
        {
            Flushes.Add([.. _appended]);
            if (_appended.Count > 0) DurableSequence = _appended[^1].Sequence;
            _appended.Clear();
            _held = NewGate();
            _flushAsked = NewGate();
        }
    }

    /// <summary>Lets the flush being held (or the next one) return.</summary>
    public void Release()
    {
        lock (_gate) _held.TrySetResult();
    }

    /// <summary>Lets the flush being held and every later one return at once.</summary>
    public void Open()
    {
        lock (_gate)
        {
            _open = true;
            _held.TrySetResult();
        }
    }

    /// <summary>Whether a flush that returned holds an event that matches.</summary>
    public bool IsDurable(Func<RunEvent, bool> match)
    {
        lock (_gate) return Flushes.Any(f => f.Any(match));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static TaskCompletionSource NewGate() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
