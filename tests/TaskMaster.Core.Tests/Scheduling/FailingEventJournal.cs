using TaskMaster.Core.Events;
using TaskMaster.Core.Scheduling;

namespace TaskMaster.Core.Tests.Scheduling;

/// <summary>
/// A journal whose disk can be made to refuse: while <see cref="Failing"/>, every flush throws the
/// <see cref="IOException"/> a full disk gives, and the events stay unflushed.
/// </summary>
internal sealed class FailingEventJournal : IEventJournal
{
    private readonly List<RunEvent> _appended = [];
    private volatile bool _failing;

    public FailingEventJournal(bool failing) => _failing = failing;

    public bool Failing
    {
        get => _failing;
        set => _failing = value;
    }

    /// <summary>Events a flush has made durable, in order.</summary>
    public List<RunEvent> Durable { get; } = [];

    public int FailedFlushes { get; private set; }

    public void Append(RunEvent e)
    {
        e.Sequence = Durable.Count + _appended.Count + 1;
        _appended.Add(e);
    }

    public ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        if (_failing)
        {
            FailedFlushes++;
            throw new IOException("No space left on device");
        }
        Durable.AddRange(_appended);
        _appended.Clear();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
