using TaskMaster.Core.Policies;
using TaskMaster.Core.ReadModel;

namespace TaskMaster.Monitor.History;

/// <summary>
/// Measures this process (the executor) for the status: CPU over the time since the previous
/// sample, working set against the run's O(√n) memory budget, and bytes read from and written to
/// storage (Linux <c>/proc/self/io</c>). Thread-safe.
/// </summary>
public sealed class ProcessResourceSampler
{
    /// <summary>This process's I/O counters (proc(5)).</summary>
    public const string SelfIoFile = "/proc/self/io";

    private readonly TimeProvider _time;
    private readonly MemoryBudget _budget;
    private readonly string _ioFile;
    private readonly Lock _gate = new();
    private long _lastAt;
    private TimeSpan _lastCpu;

    /// <param name="ioFile">Where the process's I/O counters are read from.</param>
    public ProcessResourceSampler(TimeProvider time, MemoryBudget budget, string ioFile = SelfIoFile)
    {
        _time = time;
        _budget = budget;
        _ioFile = ioFile;
        _lastAt = time.GetTimestamp();
        _lastCpu = Environment.CpuUsage.TotalTime;
    }

    /// <param name="taskCount">The run's tasks, which the memory budget grows with.</param>
    public ResourceUsage Sample(int taskCount)
    {
        double cpuPercent;
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            var cpu = Environment.CpuUsage.TotalTime;
            var wall = _time.GetElapsedTime(_lastAt, now);
            cpuPercent = wall > TimeSpan.Zero ? Math.Round(100 * (cpu - _lastCpu) / wall, 1) : 0;
            (_lastAt, _lastCpu) = (now, cpu);
        }
        var memory = Environment.WorkingSet;
        var budget = _budget.For(taskCount);
        var (read, written) = ReadIo(_ioFile);
        return new ResourceUsage(Math.Max(0, cpuPercent), memory, budget, Math.Round(100.0 * memory / budget, 1), read, written);
    }

    /// <summary>The bytes read and written that <paramref name="ioFile"/> counts; null where it cannot be read (not Linux).</summary>
    internal static (long? Read, long? Written) ReadIo(string ioFile)
    {
        try
        {
            return File.Exists(ioFile) ? ParseIo(File.ReadAllText(ioFile)) : (null, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, null);
        }
    }

    /// <summary>The <c>read_bytes</c> and <c>write_bytes</c> lines of <c>/proc/PID/io</c> (proc(5)).</summary>
    internal static (long? Read, long? Written) ParseIo(string text)
    {
        long? read = null, written = null;
        foreach (var line in text.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0 || !long.TryParse(line.AsSpan(colon + 1).Trim(), out var value)) continue;
            switch (line[..colon])
            {
                case "read_bytes": read = value; break;
                case "write_bytes": written = value; break;
            }
        }
        return (read, written);
    }
}
