using System.Diagnostics;
using System.Globalization;
using TaskMaster.Core.Scheduling;
using TaskMaster.LocalHome;
using TaskMaster.Monitor.History;
using TaskMaster.Monitor.Tests.Support;

namespace TaskMaster.Monitor.Tests.History;

public sealed class ProcessGroupSamplerTests : IDisposable
{
    private readonly TempHome _home = new();

    [Fact]
    public async Task Sample_BusyLoopInItsOwnSession_SumsItsGroupsCpuAndMemory()
    {
        Assert.SkipUnless(File.Exists("/proc/self/stat"), "needs Linux /proc");
        // setsid makes the shell the leader of its own session and process group, as the worker does;
        // the loop runs in a child of it, so the group has two processes.
        using var busy = Process.Start(new ProcessStartInfo("setsid", ["sh", "-c", "sh -c 'while :; do :; done' & wait"]))!;
        try
        {
            // The executor's file of running attempts, as the worker writes it: a header, then one slot.
            var content = new byte[RunningAttemptsFile.HeaderSize + RunningAttemptsFile.SlotSize];
            RunningAttemptsFile.Header(cgroupFolder: null).CopyTo(content, 0);
            RunningAttemptsFile.WriteSlot(content.AsSpan(RunningAttemptsFile.HeaderSize), "spin", busy.Id, 0, new string('a', 32));
            Directory.CreateDirectory(_home.Layout.RunningDirectory("run-1"));
            File.WriteAllBytes(Path.Combine(_home.Layout.RunningDirectory("run-1"), "1-1-1" + RunningAttemptsFile.Extension), content);
            var sampler = new ProcessGroupSampler(_home.Layout, "run-1", TimeProvider.System);
            sampler.Sample();

            // Real CPU time has to pass: wait (with a deadline) until the loop has been measured busy.
            TaskSample? spin = null;
            var deadline = Stopwatch.StartNew();
            while (spin is not { CpuPercent: > 20 } && deadline.Elapsed < TimeSpan.FromSeconds(20))
            {
                await Task.Delay(500);
                spin = Assert.Single(sampler.Sample());
            }

            Assert.Equal("spin", spin!.Id);
            Assert.True(spin.CpuPercent > 20, $"CPU {spin.CpuPercent}%");
            Assert.True(spin.MemoryBytes > 100_000, $"memory {spin.MemoryBytes} bytes");
        }
        finally
        {
            Process.Start("kill", ["-KILL", "--", "-" + busy.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
        }
    }

    [Fact]
    public void Sample_NoRunningAttempts_Empty() =>
        Assert.Empty(new ProcessGroupSampler(_home.Layout, "run-1", TimeProvider.System).Sample());

    public void Dispose() => _home.Dispose();
}
