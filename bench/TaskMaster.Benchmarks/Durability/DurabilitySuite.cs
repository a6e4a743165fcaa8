using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using TaskMaster.Core.Queue;

namespace TaskMaster.Benchmarks.Durability;

/// <summary>
/// <c>dotnet run -c Release --project bench/TaskMaster.Benchmarks -- durability [--repeat N]</c>: checkpoints,
/// journal and resume (see docs/benchmarks-durability.md). Prints a Markdown report on stdout, progress on stderr.
/// Options: <c>--tasks</c> (100000), <c>--concurrency</c> (16), <c>--resume-after</c> (tasks succeeded before the
/// kill, 10000), <c>--home-root DIR</c> (where in-process runs keep their homes; /dev/shm takes the disk out),
/// <c>--only stall,throughput,resume,mirror</c> (a subset of the four).
/// </summary>
internal static class DurabilitySuite
{
    private static readonly TimeSpan StallInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan ThroughputInterval = TimeSpan.FromSeconds(1);
    private static readonly Stopwatch Clock = Stopwatch.StartNew();

    private const string Usage = """
        durability [--only stall,throughput,resume,mirror] [--repeat N] [--tasks N] [--concurrency N]
                   [--resume-after N] [--home-root DIR]

          stall       1. dispatch gaps while checkpoints are written (unpaced run)
          throughput  2. throughput with a checkpoint every 1 s against none (paced run)
          resume      3. resume after kill -9 through the CLI, and its steps in-process
          mirror      4. dispatch with the durable journal: alone, mirrored (default), mirrored one fsync after the other

          --repeat N        rounds, taking turns (3)           --tasks N        tasks of the generated queue (100000)
          --concurrency N   attempts in flight (16)            --resume-after N tasks done before the kill (10000)
          --home-root DIR   where homes and journals go (the temp folder; /dev/shm takes the disk out)
        Without --only, all four run. See docs/benchmarks-durability.md.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(Usage);
            return 0;
        }
        var tasks = IntArg(args, "--tasks", 100_000);
        var repeat = IntArg(args, "--repeat", 3);
        var concurrency = IntArg(args, "--concurrency", 16);
        var resumeAfter = IntArg(args, "--resume-after", 10_000);
        var homeRoot = ArgAfter(args, "--home-root") is { } root ? Path.GetFullPath(root) : null;
        var only = ArgAfter(args, "--only")?.Split(',') ?? ["stall", "throughput", "resume", "mirror"];
        var work = Directory.CreateTempSubdirectory("tm-bench-durability-work-");
        try
        {
            var queuePath = Path.Combine(work.FullName, "task-queue.md");
            BenchQueueFile.Write(queuePath, tasks);
            var parsing = Stopwatch.StartNew();
            var queue = QueueParser.ParseFile(queuePath).Queue ?? throw new InvalidOperationException("the generated queue does not parse");
            parsing.Stop();
            PrintHeader(tasks, concurrency, repeat, homeRoot, parsing.Elapsed);

            using var gcPauses = new GcPauseListener();
            var unpaced = new RunShape(queue, concurrency, Paced: false, homeRoot);
            if (only.Contains("stall") || only.Contains("throughput"))
            {
                Progress("warm-up");
                await DurableRun.RunAsync(unpaced, CheckpointMode.Written, StallInterval);
                await DurableRun.RunAsync(unpaced, CheckpointMode.None, StallInterval);
            }
            if (only.Contains("stall")) StallReport.Print(await InterleavedAsync(unpaced, StallInterval, repeat), gcPauses, StallInterval);
            if (only.Contains("throughput"))
                ThroughputReport.Print(await InterleavedAsync(unpaced with { Paced = true }, ThroughputInterval, repeat), ThroughputInterval);
            if (only.Contains("mirror")) MirrorReport.Print(await MirroredAsync(unpaced, repeat));
            if (only.Contains("resume")) await ResumeAsync(queuePath, work.FullName, concurrency, resumeAfter, repeat);
            Console.WriteLine();
            Console.WriteLine($"Suite time: {Clock.Elapsed.TotalMinutes:0.0} min. Other work on the machine at the end: {MachineLoad.Describe()}.");
            return 0;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>Benchmark 3: one crash, then each round resumes a fresh copy of it with the CLI and measures the steps in-process.</summary>
    private static async Task ResumeAsync(string queuePath, string work, int concurrency, int resumeAfter, int repeat)
    {
        var dll = await BuildCliAsync();
        Progress($"execute until {resumeAfter:N0} tasks succeeded, then kill -9");
        var crashed = await CrashedHome.CreateAsync(dll, queuePath, Path.Combine(work, "crashed-home"), concurrency, resumeAfter);
        var timings = new List<ResumeTiming>();
        var steps = new List<ResumeSteps>();
        for (var i = 0; i < repeat; i++)
        {
            Progress($"resume {i + 1}/{repeat}");
            timings.Add(await ResumeBenchmark.ResumeAsync(dll, crashed, Path.Combine(work, "resumed-home")));
            steps.Add(await ResumeBreakdown.MeasureAsync(crashed, Path.Combine(work, "measured-home")));
        }
        ResumeReport.Print(crashed, timings, steps);
    }

    /// <summary>Every case once per round, the order rotating from round to round; results by case, in round order.</summary>
    private static async Task<Dictionary<CheckpointMode, List<DurableRunResult>>> InterleavedAsync(RunShape shape, TimeSpan interval, int repeat)
    {
        CheckpointMode[] modes = [CheckpointMode.None, CheckpointMode.FoldOnly, CheckpointMode.Written];
        var runs = modes.ToDictionary(m => m, _ => new List<DurableRunResult>());
        for (var round = 0; round < repeat; round++)
        {
            for (var k = 0; k < modes.Length; k++)
            {
                var mode = modes[(round + k) % modes.Length];
                Progress($"{(shape.Paced ? "throughput" : "stall")} round {round + 1}/{repeat}: {Cases.Name(mode, interval)}");
                runs[mode].Add(await DurableRun.RunAsync(shape, mode, interval));
            }
        }
        return runs;
    }

    /// <summary>Benchmark 4: the journal alone and mirrored two ways, once each per round, the order rotating.</summary>
    private static async Task<Dictionary<JournalMirrorMode, List<DurableRunResult>>> MirroredAsync(RunShape shape, int repeat)
    {
        JournalMirrorMode[] modes = [JournalMirrorMode.None, JournalMirrorMode.Parallel, JournalMirrorMode.Serial];
        var runs = modes.ToDictionary(m => m, _ => new List<DurableRunResult>());
        foreach (var mode in modes) await DurableRun.RunAsync(shape with { Mirror = mode }, CheckpointMode.None, StallInterval);
        for (var round = 0; round < repeat; round++)
        {
            for (var k = 0; k < modes.Length; k++)
            {
                var mode = modes[(round + k) % modes.Length];
                Progress($"mirror round {round + 1}/{repeat}: {MirrorReport.Name(mode)}");
                runs[mode].Add(await DurableRun.RunAsync(shape with { Mirror = mode }, CheckpointMode.None, StallInterval));
            }
        }
        return runs;
    }

    /// <summary>Builds the CLI in Release (a no-op when it is up to date), so the resume measures the code as it is.</summary>
    internal static async Task<string> BuildCliAsync()
    {
        var repository = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(repository, "TaskMaster.sln")))
            repository = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(repository)) ?? throw new InvalidOperationException("TaskMaster.sln not found above the benchmark");
        Progress("dotnet build -c Release src/cli/TaskMaster.Cli");
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = repository, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "build", "-c", "Release", "--nologo", "-v", "q", "src/cli/TaskMaster.Cli" }) info.ArgumentList.Add(argument);
        using var build = System.Diagnostics.Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var output = build.StandardOutput.ReadToEndAsync();
        var errors = build.StandardError.ReadToEndAsync();
        await build.WaitForExitAsync();
        if (build.ExitCode != 0) throw new InvalidOperationException($"building the CLI failed:\n{await output}\n{await errors}");
        return CliProcess.Dll(repository);
    }

    private static void PrintHeader(int tasks, int concurrency, int repeat, string? homeRoot, TimeSpan parse)
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        Console.WriteLine($"## Durability benchmarks, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine();
        Console.WriteLine($"{Environment.ProcessorCount} cores ({cpu ?? "unknown CPU"}), {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}; " +
                          $"{tasks:N0} tasks (`true`, every odd one depending on the one before), concurrency {concurrency}, {repeat} rounds; " +
                          $"homes under {homeRoot ?? Path.GetTempPath()}. The generated queue file parsed in {parse.TotalSeconds:0.00} s (cold).");
        Console.WriteLine();
        Console.WriteLine($"Other work on the machine at the start: {MachineLoad.Describe()}.");
    }

    private static void Progress(string what) => Console.Error.WriteLine($"[durability {Clock.Elapsed:mm\\:ss}] {what}");

    private static int IntArg(string[] args, string name, int fallback) =>
        ArgAfter(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    private static string? ArgAfter(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
