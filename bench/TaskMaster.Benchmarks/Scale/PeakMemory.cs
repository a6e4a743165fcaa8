namespace TaskMaster.Benchmarks.Scale;

/// <summary>
/// The peak resident memory of a child process: its <c>VmHWM</c> (the kernel's high-water mark, so no
/// short peak between samples is missed), read every 50 ms until the process is gone; the last value
/// read is the peak up to its last 50 ms.
/// </summary>
internal sealed class PeakMemory : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private long _peak;

    private PeakMemory(int pid) => _sampling = SampleAsync(pid);

    public static PeakMemory Watch(int pid) => new(pid);

    /// <summary>The highest <c>VmHWM</c> read so far, in bytes.</summary>
    public long PeakBytes => Interlocked.Read(ref _peak);

    private async Task SampleAsync(int pid)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        do
        {
            if (ProcStatus.Bytes(pid, "VmHWM") is not { } bytes) return;
            Interlocked.Exchange(ref _peak, Math.Max(_peak, bytes));
        }
        while (await timer.WaitForNextTickAsync(_stop.Token).AsTask().ContinueWith(t => !t.IsCanceled && t.Result, TaskScheduler.Default));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }
}
