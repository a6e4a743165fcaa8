using System.Diagnostics;
using TaskMaster.Core.Scheduling;

namespace TaskMaster.Benchmarks.Durability;

/// <summary>
/// A no-op executor that notes the moment of every dispatch: <see cref="Stopwatch.GetTimestamp"/>
/// into a preallocated array, on the scheduler's loop (the only caller of <see cref="Start"/>), so
/// recording allocates nothing and takes no lock. Every attempt succeeds: at once on the caller's
/// thread, or, when paced, on the next tick of a timer thread (<c>Thread.Sleep(1)</c>, about 1.1 ms
/// here), so that a run lasts long enough for several interval checkpoints.
/// </summary>
internal sealed class TimestampingExecutor : ITaskExecutor
{
    private readonly long[] _stamps;
    private readonly Lock _gate = new();
    private readonly Thread? _ticker;
    private List<(TaskLaunch Launch, ITaskReporter Reporter)> _due = new(1024);
    private List<(TaskLaunch Launch, ITaskReporter Reporter)> _completing = new(1024);
    private volatile bool _disposed;

    public TimestampingExecutor(int capacity, bool paced)
    {
        _stamps = new long[capacity];
        if (!paced) return;
        _ticker = new Thread(Tick) { IsBackground = true, Name = "bench task timer" };
        _ticker.Start();
    }

    /// <summary>Dispatches seen (may exceed the capacity; later ones are counted, not stamped).</summary>
    public int Count { get; private set; }

    /// <summary>The timestamps recorded, in dispatch order.</summary>
    public ReadOnlySpan<long> Stamps => _stamps.AsSpan(0, Math.Min(Count, _stamps.Length));

    public void Start(TaskLaunch launch, ITaskReporter reporter)
    {
        if (Count < _stamps.Length) _stamps[Count] = Stopwatch.GetTimestamp();
        Count++;
        if (_ticker is null)
        {
            reporter.Completed(TaskAttemptResult.Success(launch, 0, TimeSpan.Zero));
            return;
        }
        lock (_gate) _due.Add((launch, reporter));
    }

    public void CancelAll() { }

    public void Cancel(int taskIndex, int attempt) { }

    public ValueTask DisposeAsync()
    {
        _disposed = true;
        _ticker?.Join();
        return ValueTask.CompletedTask;
    }

    private void Tick()
    {
        while (!_disposed)
        {
            Thread.Sleep(1);
            lock (_gate) (_due, _completing) = (_completing, _due);
            foreach (var (launch, reporter) in _completing)
                reporter.Completed(TaskAttemptResult.Success(launch, 0, TimeSpan.FromMilliseconds(1)));
            _completing.Clear();
        }
    }
}
