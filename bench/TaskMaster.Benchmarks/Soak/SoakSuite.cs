using System.Diagnostics;
using TaskMaster.Benchmarks.Durability;

namespace TaskMaster.Benchmarks.Soak;

/// <summary>The <c>soak</c> command (<see cref="SoakOptions.Help"/>): one <see cref="SoakRun"/> through the Release CLI, its figures on stdout, progress on stderr.</summary>
internal static class SoakSuite
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(SoakOptions.Help);
            return 0;
        }
        var (options, error) = SoakOptions.Parse(args[1..]);
        if (options is null)
        {
            Console.Error.WriteLine(error);
            return 2;
        }
        var work = Directory.CreateTempSubdirectory("tm-bench-soak-");
        var clock = Stopwatch.StartNew();
        try
        {
            var dll = await DurabilitySuite.BuildCliAsync();
            var run = await SoakRun.RunAsync(dll, options, work.FullName, what => Console.Error.WriteLine($"[soak {clock.Elapsed:hh\\:mm\\:ss}] {what}"));
            var figures = SoakFigures.Of(run);
            Console.Write(options.Json ? SoakReport.Json(run, figures) + Environment.NewLine : SoakReport.Markdown(run, figures));
            return 0;
        }
        finally
        {
            if (options.Keep) Console.Error.WriteLine($"[soak] kept {work.FullName}");
            else work.Delete(recursive: true);
        }
    }
}
