namespace TaskMaster.RabbitMq.Work;

/// <summary>What a worker has free: attempt slots, cores and memory, reserved per attempt.</summary>
internal sealed class WorkerRoom(WorkerOptions options, TimeProvider time)
{
    private readonly Lock _gate = new();
    private int _attempts;
    private double _cores;
    private long _memory;
    private TaskCompletionSource _freed = NewSignal();

    /// <summary>Why an attempt can never fit this worker, whatever runs; null when it can.</summary>
    public string? NeverFits(double cores, long memoryBytes) =>
        cores > options.Cores ? $"it needs {cores} cores and worker {options.Id} has {options.Cores}"
        : options.MemoryBytes > 0 && memoryBytes > options.MemoryBytes ? $"it needs {memoryBytes} bytes of memory and worker {options.Id} has {options.MemoryBytes}"
        : null;

    /// <summary>Reserves room for one attempt, waiting at most <paramref name="wait"/>; false when none came free.</summary>
    public async Task<bool> TryReserveAsync(double cores, long memoryBytes, TimeSpan wait, CancellationToken cancellationToken)
    {
        var deadline = time.GetTimestamp() + (long)(wait.TotalSeconds * time.TimestampFrequency);
        while (true)
        {
            Task freed;
            lock (_gate)
            {
                if (Fits(cores, memoryBytes))
                {
                    _attempts++;
                    _cores += cores;
                    _memory += memoryBytes;
                    return true;
                }
                freed = _freed.Task;
            }
            var left = TimeSpan.FromSeconds((double)(deadline - time.GetTimestamp()) / time.TimestampFrequency);
            if (left <= TimeSpan.Zero) return false;
            try
            {
                await freed.WaitAsync(left, time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return false;
            }
        }
    }

    public void Release(double cores, long memoryBytes)
    {
        TaskCompletionSource freed;
        lock (_gate)
        {
            _attempts--;
            _cores -= cores;
            _memory -= memoryBytes;
            freed = _freed;
            _freed = NewSignal();
        }
        freed.TrySetResult();
    }

    private bool Fits(double cores, long memoryBytes) =>
        _attempts < options.Concurrency
        // A task asking for more than the whole worker was refused before; one that fits alone may always run alone.
        && (_attempts == 0 || (_cores + cores <= options.Cores + 1e-9 && (options.MemoryBytes == 0 || _memory + memoryBytes <= options.MemoryBytes)));

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
