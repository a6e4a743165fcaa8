using System.Globalization;
using TaskMaster.Benchmarks.Dispatch;

namespace TaskMaster.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/TaskMaster.Benchmarks -- dispatch|process [--repeat N] [--tasks N]</c>.
/// Every figure is the median of N runs, and each comparison is measured in the same process run.
/// </summary>
internal static class BenchmarkCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var suite = args.FirstOrDefault() ?? "dispatch";
        var repeat = IntArg(args, "--repeat", 5);
        var tasks = IntArg(args, "--tasks", 100_000);
        switch (suite)
        {
            case "dispatch":
                await DispatchSuite.RunAsync(tasks, repeat);
                return 0;
            case "durability": return await Durability.DurabilitySuite.RunAsync(args);
            default:
                Console.Error.WriteLine($"unknown suite '{suite}'; expected dispatch or process");
                return 2;
        }
    }

    private static int IntArg(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
