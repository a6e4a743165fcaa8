namespace TaskMaster.Benchmarks.Process;

/// <summary>
/// The <c>process</c> suite: TaskMaster against <c>xargs -P</c> running the same command, and
/// against xargs starting each shell the way TaskMaster's executor does (through <c>setsid</c>, so
/// that a task's whole process tree can be signalled). Each repeat runs every contender once per
/// concurrency, in an order that rotates from one repeat to the next, so that the noise of a shared
/// machine falls on all of them alike.
/// </summary>
internal static class ProcessSuite
{
    private const string Xargs = "/bin/sh -c true";
    private const string XargsSetsid = "setsid /bin/sh -c true";

    public static async Task RunAsync(int tasks, IReadOnlyList<int> concurrencies, int repeat)
    {
        using var benchmark = new ProcessBenchmark();
        var contenders = new (string Name, Func<int, int, Task<Throughput>> Run)[]
        {
            ("TaskMaster", benchmark.TaskMasterAsync),
            ("xargs", (n, c) => ProcessBenchmark.XargsAsync(n, c, Xargs)),
            ("xargs + setsid", (n, c) => ProcessBenchmark.XargsAsync(n, c, XargsSetsid)),
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

        Console.WriteLine("| concurrency | tasks | TaskMaster median wall | TaskMaster tasks/s | xargs median wall | xargs tasks/s | TaskMaster / xargs | xargs + setsid tasks/s | TaskMaster / (xargs + setsid) |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var concurrency in concurrencies)
        {
            double Wall(string name) => Stats.Median(runs[name][concurrency].Select(r => r.Elapsed.TotalSeconds).ToList());
            var (ours, xargs, setsid) = (Wall("TaskMaster"), Wall("xargs"), Wall("xargs + setsid"));
            Console.WriteLine($"| {concurrency} | {tasks:N0} | {ours:0.000} s | {tasks / ours:N0} | {xargs:0.000} s | {tasks / xargs:N0} | " +
                $"{xargs / ours:0.00}× | {tasks / setsid:N0} | {setsid / ours:0.00}× |");
        }

        // CPU per task (this process and every process it waited for) moves less with the load of the
        // machine than wall time does: what each way of running the tasks costs.
        Console.WriteLine();
        Console.WriteLine("| concurrency | TaskMaster CPU per task | xargs CPU per task | xargs + setsid CPU per task |");
        Console.WriteLine("| ---: | ---: | ---: | ---: |");
        foreach (var concurrency in concurrencies)
        {
            string Cpu(string name) => $"{Stats.Median(runs[name][concurrency].Select(r => r.CpuMillisecondsPerItem).ToList()):0.00} ms";
            Console.WriteLine($"| {concurrency} | {Cpu("TaskMaster")} | {Cpu("xargs")} | {Cpu("xargs + setsid")} |");
        }
    }
}
