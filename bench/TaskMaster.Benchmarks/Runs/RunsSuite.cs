using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using TaskMaster.Benchmarks.Dispatch;
using TaskMaster.Benchmarks.Durability;
using TaskMaster.Checkpoint;
using TaskMaster.Checkpoint.Journal;
using TaskMaster.Core.Queue;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.State;
using TaskMaster.LocalHome;
using TaskMaster.Monitor.Runs;

namespace TaskMaster.Benchmarks.Runs;

/// <summary>
/// The <c>runs</c> suite: what one listing of a home costs (<see cref="RunCatalog"/>, what
/// <c>task-master runs</c> and <c>GET /api/v1/runs</c> do) when the home holds <c>--small-runs</c>
/// finished 3-task runs and one finished run of <c>--tasks</c> tasks, each run composed as
/// <c>execute</c> composes it (real scheduler, durable journal, checkpoints written to the home,
/// a no-op executor). Cases take turns; medians.
/// </summary>
internal static class RunsSuite
{
    private const string BigRun = "run-20261201-120000-big0";

    public static async Task RunAsync(int tasks, int smallRuns, int repeat)
    {
        var root = Directory.CreateTempSubdirectory("tm-bench-runs-");
        try
        {
            var home = new HomeLayout(Path.Combine(root.FullName, "home"));
            var small = WriteQueue(Path.Combine(root.FullName, "small.md"), 3);
            for (var i = 0; i < smallRuns; i++) await RunAsync(home, small, $"run-20261201-{i / 60:D2}{i % 60:D2}00-sm{i % 100:D2}");
            // Last, so that checkpoint retention (20 per folder) keeps its own: its listing is a checkpoint plus the journal after it.
            var watch = Stopwatch.StartNew();
            await RunAsync(home, WriteQueue(Path.Combine(root.FullName, "big.md"), tasks), BigRun);
            Console.Error.WriteLine($"home: {smallRuns} runs of 3 tasks and one of {tasks:N0} tasks ({watch.Elapsed.TotalSeconds:0.0} s); " +
                                    $"its journal {new FileInfo(home.JournalPath(BigRun)).Length / 1e6:0.0} MB");
            var time = TimeProvider.System;
            var dll = await DurabilitySuite.BuildCliAsync();
            var bigQueue = Path.Combine(root.FullName, "big.md");
            var cases = new (string Name, Func<Task> Measure, bool Cold)[]
            {
                ("`task-master runs --format json`, cold (a process: start, list, print)", () => CliAsync(dll, home), true),
                ("`task-master runs --format json`, warm", () => CliAsync(dll, home), false),
                ($"listing, cold: all {smallRuns + 1} runs computed (no listing.json)", () => RunCatalog.ListAsync(home, live: null, time), true),
                ($"listing, warm: all {smallRuns + 1} runs from their listing.json", () => RunCatalog.ListAsync(home, live: null, time), false),
                ($"the {tasks:N0}-task run alone: newest checkpoint + journal tail (LastKnownStatus)",
                    () => LastKnownStatus.LoadRunAsync(home, BigRun, detailed: false, time, CancellationToken.None), false),
                ($"the {tasks:N0}-task run alone: its whole journal folded (JournalFold, what a listing without checkpoint or cache costs)",
                    () => Task.FromResult(JournalFold.Open(home, BigRun)), false),
                ($"of both: parsing the {tasks:N0}-task queue file", () => Task.FromResult(QueueParser.ParseFile(bigQueue)), false),
                ("of both: reading and checking every line of its journal (JournalReader.Read)", () => Task.FromResult(JournalReader.Read(home.JournalPath(BigRun))), false),
            };
            var times = cases.Select(_ => new List<double>()).ToArray();
            for (var round = -1; round < repeat; round++)
            {
                for (var c = 0; c < cases.Length; c++)
                {
                    if (cases[c].Cold) ForgetListings(home);
                    CleanHeap.Collect();
                    var measured = Stopwatch.StartNew();
                    await cases[c].Measure();
                    var ms = measured.Elapsed.TotalMilliseconds;
                    // One warm-up round: the JIT.
                    if (round < 0) continue;
                    times[c].Add(ms);
                    Console.Error.WriteLine($"repeat {round + 1}/{repeat}: {cases[c].Name}: {ms:0.0} ms");
                }
            }
            Console.WriteLine("| case | median ms |");
            Console.WriteLine("| --- | ---: |");
            for (var c = 0; c < cases.Length; c++) Console.WriteLine($"| {cases[c].Name} | {Stats.Median(times[c]):0.0} |");
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    private static async Task CliAsync(string dll, HomeLayout home)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { dll, "runs", "--home", home.Home, "--format", "json" }) info.ArgumentList.Add(argument);
        using var cli = System.Diagnostics.Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var output = cli.StandardOutput.ReadToEndAsync();
        var errors = cli.StandardError.ReadToEndAsync();
        await cli.WaitForExitAsync();
        if (cli.ExitCode != 0) throw new InvalidOperationException($"task-master runs failed: {await errors}");
        await output;
    }

    private static QueueDefinition WriteQueue(string path, int count)
    {
        BenchQueueFile.Write(path, count);
        return QueueParser.ParseFile(path).Queue!;
    }

    private static void ForgetListings(HomeLayout home)
    {
        foreach (var runId in RunCatalog.KnownRuns(home)) File.Delete(home.RunListingFile(runId));
    }

    /// <summary>One finished run in the home, composed as <c>execute</c> composes it, minus processes and views.</summary>
    private static async Task RunAsync(HomeLayout home, QueueDefinition queue, string runId)
    {
        var time = TimeProvider.System;
        var options = new SchedulerOptions { RunId = runId, Concurrency = 256, CpuCapacity = 256 };
        await using var journal = FileEventJournal.Create(home.JournalPath(runId));
        using var store = new FileCheckpointStore(CheckpointStoreOptions.For(home), time, NullLogger<FileCheckpointStore>.Instance);
        RunScheduler? scheduler = null;
        await using var checkpointer = new Checkpointer(
            new RunState(queue),
            new CheckpointerOptions
            {
                Home = home, Interval = TimeSpan.Zero, JournalFile = Path.GetRelativePath(home.Home, journal.Path),
                Concurrency = options.Concurrency, CpuCapacity = options.CpuCapacity, MemoryCapacity = options.MemoryCapacity,
            },
            store, time, NullLogger<Checkpointer>.Instance,
            taken => scheduler?.ReportCheckpoint(taken), failed => scheduler?.ReportCheckpointFailure(failed));
        scheduler = new RunScheduler(queue, options, new NoOpExecutor(), journal, [checkpointer], time,
            checkpoints: new CheckpointSource(checkpointer, store));
        var summary = await scheduler.RunAsync();
        if (summary.Succeeded != queue.Tasks.Count) throw new InvalidOperationException($"run {runId}: {summary.Succeeded} of {queue.Tasks.Count} succeeded");
        await checkpointer.DisposeAsync();
    }
}
