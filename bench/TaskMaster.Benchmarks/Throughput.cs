using System.Diagnostics;

namespace TaskMaster.Benchmarks;

/// <summary>
/// One measured run: how many items went through, in what wall time, allocating how much (all
/// threads), and using how much CPU (this process and the children it waited for).
/// </summary>
internal readonly record struct Throughput(int Items, TimeSpan Elapsed, long AllocatedBytes, TimeSpan Cpu)
{
    public double PerSecond => Items / Elapsed.TotalSeconds;

    public double BytesPerItem => (double)AllocatedBytes / Items;

    public double CpuMillisecondsPerItem => Cpu.TotalMilliseconds / Items;

    /// <summary>Times <paramref name="run"/>; whatever it needs must be set up before.</summary>
    public static async Task<Throughput> MeasureAsync(int items, Func<Task> run)
    {
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = ProcessTreeCpu.Read();
        var watch = Stopwatch.StartNew();
        await run();
        watch.Stop();
        return new Throughput(items, watch.Elapsed, GC.GetTotalAllocatedBytes(precise: true) - allocated, ProcessTreeCpu.Read() - cpu);
    }
}
