using System.Globalization;
using TaskMaster.Benchmarks.Durability;

namespace TaskMaster.Benchmarks.Process;

/// <summary>
/// The <c>process-cli</c> suite: what a user runs, <c>task-master execute --plain -jN</c> (the Release
/// build of the CLI, as a process) on a generated queue of N independent <c>true</c> tasks, against
/// <c>seq N | xargs -P N -I{} /bin/sh -c true</c>, taking turns. The CLI's wall time is given with its
/// start-up (process start → exit) and without it (first task started → exit); CPU per task covers the
/// whole process tree; peak RSS and the home left after the run are the CLI's.
/// </summary>
internal static class CliProcessSuite
{
    public static async Task RunAsync(int tasks, IReadOnlyList<int> concurrencies, int repeat)
    {
        var dll = await DurabilitySuite.BuildCliAsync();
        var root = Directory.CreateTempSubdirectory("taskmaster-bench-cli-").FullName;
        try
        {
            var queue = Path.Combine(root, "task-queue.md");
            CliRun.WriteQueue(queue, tasks);
            var homes = 0;
            Task<CliRun> TaskMaster(int n, int c) => CliRun.MeasureAsync(dll, queue, Path.Combine(root, "homes", (++homes).ToString(CultureInfo.InvariantCulture)), n, c);

            // Not counted: the page cache holds the CLI's assemblies, sh and xargs.
            var warmUp = Path.Combine(root, "warm-up.md");
            CliRun.WriteQueue(warmUp, Math.Min(tasks, 200));
            await CliRun.MeasureAsync(dll, warmUp, Path.Combine(root, "homes", "warm-up"), Math.Min(tasks, 200), concurrencies[0]);
            await ProcessBenchmark.XargsAsync(Math.Min(tasks, 200), concurrencies[0], Xargs);

            var cli = concurrencies.ToDictionary(c => c, _ => new List<CliRun>());
            var xargs = concurrencies.ToDictionary(c => c, _ => new List<Throughput>());
            for (var i = 0; i < repeat; i++)
            {
                foreach (var concurrency in concurrencies)
                {
                    var load = MachineLoad.Describe();
                    // Taking turns: which goes first alternates from one repeat to the next.
                    if (i % 2 == 1) xargs[concurrency].Add(await ProcessBenchmark.XargsAsync(tasks, concurrency, Xargs));
                    var run = await TaskMaster(tasks, concurrency);
                    cli[concurrency].Add(run);
                    if (i % 2 == 0) xargs[concurrency].Add(await ProcessBenchmark.XargsAsync(tasks, concurrency, Xargs));
                    Console.Error.WriteLine($"repeat {i + 1}/{repeat}, concurrency {concurrency}: task-master {run.Wall.TotalSeconds:0.00} s " +
                        $"(start-up {run.StartUp.TotalSeconds:0.00} s, {run.CpuMillisecondsPerTask:0.00} ms CPU per task, peak RSS {run.PeakRssBytes >> 20} MiB), " +
                        $"xargs {xargs[concurrency][^1].Elapsed.TotalSeconds:0.00} s; {load}");
                }
            }

            Console.WriteLine($"{tasks:N0} tasks running `true`; {MachineLoad.Describe()} at the end");
            Console.WriteLine();
            Console.WriteLine("| concurrency | xargs | task-master execute | against xargs, start-up included | without start-up | CPU per task, task-master / xargs | peak RSS | home after the run | MemoryOverBudget fired |");
            Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
            foreach (var concurrency in concurrencies)
            {
                var runs = cli[concurrency];
                var x = Stats.Median(xargs[concurrency].Select(r => r.Elapsed.TotalSeconds).ToList());
                var wall = Stats.Median(runs.Select(r => r.Wall.TotalSeconds).ToList());
                var without = Stats.Median(runs.Select(r => r.WithoutStartUp.TotalSeconds).ToList());
                var cpu = Stats.Median(runs.Select(r => r.CpuMillisecondsPerTask).ToList());
                var xargsCpu = Stats.Median(xargs[concurrency].Select(r => r.CpuMillisecondsPerItem).ToList());
                var rss = Stats.Median(runs.Select(r => (double)r.PeakRssBytes).ToList());
                var home = Stats.Median(runs.Select(r => (double)r.HomeBytes).ToList());
                var files = Stats.Median(runs.Select(r => (double)r.HomeFiles).ToList());
                Console.WriteLine($"| {concurrency} | {x:0.00} s | {wall:0.00} s (start-up {Stats.Median(runs.Select(r => r.StartUp.TotalSeconds).ToList()):0.00} s) | " +
                    $"{x / wall:0.00}× | {x / without:0.00}× | {cpu:0.00} / {xargsCpu:0.00} ms ({cpu / xargsCpu:0.00}×) | {rss / (1 << 20):0} MiB | " +
                    $"{home / 1e6:0.0} MB in {files:0} files | {runs.Count(r => r.OverBudget)} of {runs.Count} runs |");
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private const string Xargs = "/bin/sh -c true";
}
