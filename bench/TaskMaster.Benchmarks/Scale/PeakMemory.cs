using System.Globalization;

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
        var path = $"/proc/{pid}/status";
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        do
        {
            if (HighWaterMark(path) is not { } bytes) return;
            Interlocked.Exchange(ref _peak, Math.Max(_peak, bytes));
        }
        while (await timer.WaitForNextTickAsync(_stop.Token).AsTask().ContinueWith(t => !t.IsCanceled && t.Result, TaskScheduler.Default));
    }

    private static long? HighWaterMark(string statusPath)
    {
        try
        {
            foreach (var line in File.ReadLines(statusPath))
            {
                if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
                return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
            return null; // a zombie has no memory lines
        }
        catch (IOException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }
}
