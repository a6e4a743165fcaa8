using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TaskMaster.Checkpoint.Journal;
using TaskMaster.Checkpoint.Resume;
using TaskMaster.Core.Events;
using TaskMaster.Core.Queue;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.State;
using TaskMaster.Core.Tests.Scheduling;
using TaskMaster.LocalHome;

namespace TaskMaster.Checkpoint.Tests.Support;

/// <summary>
/// A home as a crash leaves it. A real run (scheduler, scripted executor, durable journal,
/// checkpointer) of a queue file is copied while <c>test</c> runs: the journal, the start checkpoint
/// and the <c>checkpoint: after</c> checkpoints of <c>setup</c> and <c>build</c>, and events after
/// the last one. The run itself then stops, in its own folder.
/// </summary>
internal sealed class CrashedRun : IDisposable
{
    public const string RunId = "run-crashed";

    /// <summary>Checkpoints the run wrote before the crash: start, after setup, after build.</summary>
    public const int CheckpointCount = 3;

    private const string QueueMarkdown = """
        # Queue: resume-demo

        ### setup: Set up
        - run: `true`
        - checkpoint: after

        ### build: Build
        - depends: setup
        - run: `true`
        - checkpoint: after

        ### test: Test
        - depends: build
        - run: `true`

        ### deploy: Deploy
        - depends: test
        - run: `true`

        """;

    private readonly string _root;

    private CrashedRun(string root)
    {
        _root = root;
        Layout = new HomeLayout(Path.Combine(root, "home"));
        Store = new FileCheckpointStore(CheckpointStoreOptions.For(Layout), TimeProvider.System, NullLogger<FileCheckpointStore>.Instance);
    }

    public string QueueFile => Path.Combine(_root, "task-queue.md");

    public HomeLayout Layout { get; }

    public FileCheckpointStore Store { get; }

    public string JournalPath => Layout.JournalPath(RunId);

    public static async Task<CrashedRun> RecordAsync()
    {
        var crashed = new CrashedRun(Directory.CreateTempSubdirectory("taskmaster-resume-").FullName);
        await File.WriteAllTextAsync(crashed.QueueFile, QueueMarkdown);
        var live = new HomeLayout(Path.Combine(crashed._root, "live"));
        await RunUntilTestRunsAsync(crashed.Queue(), live, () => CopyDirectory(live.Home, crashed.Layout.Home));
        return crashed;
    }

    /// <summary>The queue file parsed now.</summary>
    public QueueDefinition Queue() => QueueParser.ParseFile(QueueFile).Queue!;

    public Task<ResumePlanResult> PlanAsync(string? checkpointFile = null) =>
        ResumePlanner.PlanAsync(Layout, Store, checkpointFile, queueFile: null);

    /// <summary>The primary folder's checkpoints, newest first.</summary>
    public List<CheckpointInfo> Checkpoints() => Store.List().Where(c => c.Location == CheckpointLocation.Primary).ToList();

    /// <summary>Both copies of a checkpoint: the primary's and the mirror's.</summary>
    public IEnumerable<string> Copies(CheckpointInfo checkpoint) =>
        Store.Directories.Select(d => Path.Combine(d.Directory, Path.GetFileName(checkpoint.Path)));

    /// <summary>The fold of the journal's events up to <paramref name="through"/>.</summary>
    public RunState FoldJournal(long through = long.MaxValue)
    {
        var state = new RunState(Queue());
        foreach (var e in JournalReader.Read(JournalPath, throughSequence: through).Events) state.Apply(e);
        return state;
    }

    /// <summary>Cuts the journal after event <paramref name="through"/>, as a disk that lost its tail would.</summary>
    public void CutJournal(long through)
    {
        var length = JournalReader.Read(JournalPath, throughSequence: through).GoodLength;
        using var file = new FileStream(JournalPath, FileMode.Open, FileAccess.Write);
        file.SetLength(length);
    }

    public void Dispose()
    {
        Store.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    /// <summary>Runs the queue as `execute` composes it, calls <paramref name="crash"/> at the moment wanted, then stops the run.</summary>
    private static async Task RunUntilTestRunsAsync(QueueDefinition queue, HomeLayout home, Action crash)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero)) { AutoAdvanceAmount = TimeSpan.FromSeconds(1) };
        var options = new SchedulerOptions { RunId = RunId, Concurrency = 2, CpuCapacity = 4, MemoryCapacity = 1L << 30 };
        await using var journal = FileEventJournal.Create(home.JournalPath(RunId));
        await File.WriteAllTextAsync(home.CurrentRunFile, RunId);
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
            taken => scheduler!.ReportCheckpoint(taken), failed => scheduler!.ReportCheckpointFailure(failed));
        var recorder = new EventRecorder();
        var executor = new ScriptedExecutor(l => l.Task.Id == "test" ? null : TaskAttemptResult.Success(l, 0, TimeSpan.FromSeconds(1)));
        scheduler = new RunScheduler(queue, options, executor, journal, [recorder, checkpointer], time);

        var run = scheduler.RunAsync();
        await executor.WaitForLaunch(3).Task.WaitAsync(TimeSpan.FromSeconds(10));
        executor.Progress("test", 50, "halfway");
        await recorder.WaitFor<TaskProgressed>();
        await recorder.WaitFor<CheckpointTaken>(t => t.CheckpointSequence == CheckpointCount);
        // Nothing else happens until test ends: the journal and the checkpoints on disk are final.
        crash();
        scheduler.RequestStop("recorded");
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
