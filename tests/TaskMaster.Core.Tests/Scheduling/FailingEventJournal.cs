using TaskMaster.Core.Events;
using TaskMaster.Core.Scheduling;

namespace TaskMaster.Core.Tests.Scheduling;

/// <summary>
/// A journal that can be made to refuse: while <see cref="Failing"/>, every flush throws (by default
/// the <see cref="IOException"/> a full disk gives), and the events stay unflushed.
/// </summary>
internal sealed class FailingEventJournal : IEventJournal
{
    private readonly List<RunEvent> _appended = [];
    private readonly Func<Exception> _fault;
    private volatile bool _failing;

    /// <param name="fault">What a failing flush throws; null for a full disk's <see cref="IOException"/>.</param>
    public FailingEventJournal(bool failing, Func<Exception>? fault = null)
    {
        _failing = failing;
        _fault = fault ?? (() => new IOException("No space left on device"));
    }

    /// <summary>What a journal may throw when it fails: a disk's, or a network store's (as a Redis client's, which are no <see cref="IOException"/>).</summary>
    public static Func<Exception> Fault(string kind) => kind switch
    {
        "disk" => () => new IOException("No space left on device"),
        "network" => () => new InvalidOperationException("No connection is active/available to service this operation: XADD"),
        "timeout" => () => new TimeoutException("Timeout awaiting response (outbound=1KiB, inbound=0KiB, 5000ms elapsed)"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "disk, network or timeout"),
    };

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
            throw _fault();
        }
        Durable.AddRange(_appended);
        _appended.Clear();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
