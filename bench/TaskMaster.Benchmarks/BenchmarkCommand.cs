using System.Globalization;
using TaskMaster.Benchmarks.Dispatch;
using TaskMaster.Benchmarks.Process;

namespace TaskMaster.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/TaskMaster.Benchmarks -- dispatch|process|process-cli|durability|monitor|history|runs|scale|soak|cluster|cluster-latency [options]</c>.
/// Every figure is the median of <c>--repeat</c> runs (default 5), and each comparison is measured
/// in the same process run, the cases taking turns. See docs/benchmarks.md.
/// </summary>
internal static class BenchmarkCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var suite = args.FirstOrDefault() ?? "dispatch";
        var repeat = IntArg(args, "--repeat", 5);
        switch (suite)
        {
            case "dispatch":
                var tasks = IntArg(args, "--tasks", 100_000);
                await DispatchSuite.RunAsync(
                    tasks,
                    hangfireJobs: IntArg(args, "--hangfire-jobs", tasks),
                    // Hangfire's default (5 per core, at most 20) ran no-op jobs slower here than one per core.
                    hangfireWorkers: IntArg(args, "--hangfire-workers", Environment.ProcessorCount),
                    repeat);
                return 0;
            case "process":
                await ProcessSuite.RunAsync(
                    tasks: IntArg(args, "--tasks", 2_000),
                    concurrencies: [.. IntsArg(args, "--concurrency", [2, 16])],
                    repeat);
                return 0;
            case "process-cli":
                await CliProcessSuite.RunAsync(
                    tasks: IntArg(args, "--tasks", 2_000),
                    concurrencies: [.. IntsArg(args, "--concurrency", [2, 16])],
                    repeat);
                return 0;
            case "durability": return await Durability.DurabilitySuite.RunAsync(args);
            case "scale": return await Scale.ScaleSuite.RunAsync(args);
            case "soak": return await Soak.SoakSuite.RunAsync(args);
            case "cluster": return await Cluster.ClusterSuite.RunAsync(args);
            case "cluster-latency": return await Cluster.ClusterLatencySuite.RunAsync(args);
            case "monitor":
                await Monitor.MonitorSuite.RunAsync(
                    tasks: IntArg(args, "--tasks", 100_000),
                    sleepingTasks: IntArg(args, "--sleeping-tasks", 5_000),
                    clients: IntArg(args, "--clients", 5),
                    repeat,
                    warmup: IntArg(args, "--warmup", 3));
                return 0;
            case "history":
                await Monitor.HistorySuite.RunAsync(
                    tasks: IntArg(args, "--tasks", 100_000),
                    appended: IntArg(args, "--appended", 1_000),
                    repeat);
                return 0;
            case "runs":
                await Runs.RunsSuite.RunAsync(
                    tasks: IntArg(args, "--tasks", 100_000),
                    smallRuns: IntArg(args, "--small-runs", 300),
                    repeat);
                return 0;
            default:
                Console.Error.WriteLine($"unknown suite '{suite}'; expected dispatch, process, process-cli, durability, monitor, history, runs, scale, soak, cluster or cluster-latency");
                return 2;
        }
    }

    internal static int IntArg(string[] args, string name, int fallback) =>
        IntsArg(args, name, [fallback])[0];

    /// <summary>A comma-separated list of integers (<c>--concurrency 2,16</c>).</summary>
    internal static int[] IntsArg(string[] args, string name, int[] fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length
            ? [.. args[at + 1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))]
            : fallback;
    }
}
