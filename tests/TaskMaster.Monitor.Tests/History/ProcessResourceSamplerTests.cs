using TaskMaster.Core.Policies;
using TaskMaster.Monitor.History;

namespace TaskMaster.Monitor.Tests.History;

public sealed class ProcessResourceSamplerTests
{
    [Fact]
    public void ParseIo_ProcIoText_ReadsTheStorageBytes()
    {
        const string text = "rchar: 9000\nwchar: 800\nsyscr: 12\nsyscw: 4\nread_bytes: 4096\nwrite_bytes: 8192\ncancelled_write_bytes: 0\n";

        Assert.Equal((4096L, 8192L), ProcessResourceSampler.ParseIo(text));
    }

    [Fact]
    public void Sample_NoIoFile_DiskUnknown()
    {
        var sampler = new ProcessResourceSampler(TimeProvider.System, MemoryBudget.Default, ioFile: "/nonexistent/io");

        var usage = sampler.Sample(taskCount: 10);

        Assert.Equal((null, null), (usage.DiskReadBytes, usage.DiskWriteBytes));
    }

    [Fact]
    public void Sample_ThisProcess_MemoryAgainstTheBudgetForTheTaskCount()
    {
        var sampler = new ProcessResourceSampler(TimeProvider.System, MemoryBudget.Default);

        var usage = sampler.Sample(taskCount: 10_000);

        Assert.Equal(MemoryBudget.Default.For(10_000), usage.MemoryBudgetBytes);
        Assert.True(usage.MemoryBytes > 0);
        Assert.Equal(Math.Round(100.0 * usage.MemoryBytes / usage.MemoryBudgetBytes, 1), usage.MemoryBudgetPercent);
        Assert.True(usage.CpuPercent >= 0);
    }
}
