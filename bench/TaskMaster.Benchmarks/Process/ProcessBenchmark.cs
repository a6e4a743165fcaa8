using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using TaskMaster.Core.Scheduling;
using TaskMaster.LocalHome;
using TaskMaster.Worker;
using TaskMaster.Worker.Tracking;

namespace TaskMaster.Benchmarks.Process;

/// <summary>
/// Real processes: N tasks running <c>true</c> through <see cref="RunScheduler"/> and the real
/// <see cref="ProcessTaskExecutor"/>, against <c>xargs -P</c> running the same command N times.
/// TaskMaster's homes (task logs, state files) live in a temporary folder deleted on dispose.
/// </summary>
internal sealed class ProcessBenchmark : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("taskmaster-bench-").FullName;
    private readonly string _queuePath;
    private int _runs;

    public ProcessBenchmark() =>
        _queuePath = Path.Combine(Directory.CreateDirectory(Path.Combine(_root, "queue")).FullName, "task-queue.md");

    /// <summary>The whole run, from the first dispatch until every attempt has reported its end.</summary>
    public async Task<Throughput> TaskMasterAsync(int tasks, int concurrency, TaskTracking tracking)
    {
        CleanHeap.Collect();
        // A fresh home per run, as a real run has its own folder of task logs. Homes are deleted only
        // on dispose: deleting thousands of files just before the next run makes ext4 slow to create
        // new ones (it scans past recently deleted inodes), a cost no real run pays.
        var home = new HomeLayout(Path.Combine(_root, "homes", (++_runs).ToString(CultureInfo.InvariantCulture)));
        var queue = BenchQueues.Independent(tasks, _queuePath);
        await using var executor = new ProcessTaskExecutor(
            new ProcessExecutorOptions { Home = home, Tracking = tracking }, TimeProvider.System, NullLogger<ProcessTaskExecutor>.Instance);
        var options = new SchedulerOptions { RunId = "bench", Concurrency = concurrency, CpuCapacity = concurrency };
        var scheduler = new RunScheduler(queue, options, executor, new InMemoryEventJournal(), [], TimeProvider.System);
        RunSummary? summary = null;
        var throughput = await Throughput.MeasureAsync(tasks, async () => summary = await scheduler.RunAsync());
        if (summary?.Succeeded != tasks) throw new InvalidOperationException($"only {summary?.Succeeded} of {tasks} tasks succeeded");
        return throughput;
    }

    /// <summary>
    /// <c>seq N | xargs -P concurrency -I{} command</c>: one <paramref name="command"/> per line, as
    /// TaskMaster starts one shell per task.
    /// </summary>
    public static async Task<Throughput> XargsAsync(int tasks, int concurrency, string command)
    {
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"seq {tasks} | xargs -P {concurrency} -I{{}} {command}");
        var exitCode = -1;
        var throughput = await Throughput.MeasureAsync(tasks, async () =>
        {
            using var process = System.Diagnostics.Process.Start(info) ?? throw new InvalidOperationException("could not start /bin/sh");
            await process.WaitForExitAsync();
            exitCode = process.ExitCode;
        });
        if (exitCode != 0) throw new InvalidOperationException($"xargs running '{command}' exited with {exitCode}");
        return throughput;
    }

    /// <summary>How an executor on this machine tracks tasks when asked for cgroups, as it says.</summary>
    public static string CgroupTracking()
    {
        var home = Directory.CreateTempSubdirectory("taskmaster-bench-probe-");
        try
        {
            var executor = new ProcessTaskExecutor(
                new ProcessExecutorOptions { Home = new HomeLayout(home.FullName) }, TimeProvider.System, NullLogger<ProcessTaskExecutor>.Instance);
            var description = executor.TrackingDescription;
            executor.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return description;
        }
        finally
        {
            home.Delete(recursive: true);
        }
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
