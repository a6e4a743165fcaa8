using TaskMaster.Worker.Tracking;

namespace TaskMaster.Benchmarks.Process;

/// <summary>
/// The <c>process</c> suite: TaskMaster, tracking each task's processes by cgroup (where the
/// machine offers one; else it falls back to the process tree, and the row says so) and by process
/// tree, against <c>xargs -P</c> running the same command. Each repeat runs every contender once
/// per concurrency, in an order that rotates from one repeat to the next, so that the noise of a
/// shared machine falls on all of them alike.
/// </summary>
internal static class ProcessSuite
{
    private const string Xargs = "/bin/sh -c true";

    public static async Task RunAsync(int tasks, IReadOnlyList<int> concurrencies, int repeat)
    {
        using var benchmark = new ProcessBenchmark();
        var contenders = new (string Name, Func<int, int, Task<Throughput>> Run)[]
        {
            ("TaskMaster, cgroup", (n, c) => benchmark.TaskMasterAsync(n, c, TaskTracking.Auto)),
            ("TaskMaster, process tree", (n, c) => benchmark.TaskMasterAsync(n, c, TaskTracking.ProcessTree)),
            ("xargs", (n, c) => ProcessBenchmark.XargsAsync(n, c, Xargs)),
        };
        var runs = contenders.ToDictionary(c => c.Name, _ => concurrencies.ToDictionary(c => c, _ => new List<Throughput>()));

        // Not counted: the executor's paths get compiled and tiered up, the page cache holds sh and xargs.
        foreach (var concurrency in concurrencies)
            foreach (var (_, run) in contenders)
                await run(Math.Min(tasks, 500), concurrency);

        for (var i = 0; i < repeat; i++)
        {
            foreach (var concurrency in concurrencies)
            {
                for (var k = 0; k < contenders.Length; k++)
                {
                    var (name, run) = contenders[(i + k) % contenders.Length];
                    var result = await run(tasks, concurrency);
                    runs[name][concurrency].Add(result);
                    Console.Error.WriteLine($"repeat {i + 1}/{repeat}: {name}, concurrency {concurrency}: {result.Elapsed.TotalSeconds:0.000} s");
                }
            }
        }

        Console.WriteLine($"Tracking by cgroup here: {ProcessBenchmark.CgroupTracking()}");
        Console.WriteLine();
        Console.WriteLine("| concurrency | tasks | contender | median wall | tasks/s | against xargs | CPU per task |");
        Console.WriteLine("| ---: | ---: | --- | ---: | ---: | ---: | ---: |");
        foreach (var concurrency in concurrencies)
        {
            double Wall(string name) => Stats.Median(runs[name][concurrency].Select(r => r.Elapsed.TotalSeconds).ToList());
            var xargs = Wall("xargs");
            foreach (var (name, _) in contenders)
            {
                var wall = Wall(name);
                // CPU per task (this process and every process it waited for) moves less with the load of
                // the machine than wall time does: what each way of running the tasks costs.
                var cpu = Stats.Median(runs[name][concurrency].Select(r => r.CpuMillisecondsPerItem).ToList());
                Console.WriteLine($"| {concurrency} | {tasks:N0} | {name} | {wall:0.000} s | {tasks / wall:N0} | {xargs / wall:0.00}× | {cpu:0.00} ms |");
            }
        }
    }
}
