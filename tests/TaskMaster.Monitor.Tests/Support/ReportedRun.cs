using Microsoft.Extensions.Time.Testing;
using TaskMaster.Checkpoint.Journal;
using TaskMaster.Core.Policies;
using TaskMaster.Core.Queue;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.Tests.Scheduling;
using TaskMaster.LocalHome;

namespace TaskMaster.Monitor.Tests.Support;

/// <summary>
/// A real run to report on: a queue file parsed from disk, run by the real <see cref="RunScheduler"/>
/// into a real journal in a home, with a scripted executor on a fake clock. Each attempt takes
/// <see cref="Seconds"/> of the clock, one at a time (so that the span of each attempt's events is
/// exactly that); <c>c</c> fails once and recovers, <c>e</c> fails for good.
/// </summary>
internal sealed class ReportedRun : IDisposable
{
    public const string RunId = "run-20261124-120000-abcd";

    public static readonly DateTimeOffset Start = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    public static readonly IReadOnlyDictionary<string, int> Seconds = new Dictionary<string, int>
    {
        ["a"] = 10, ["b"] = 100, ["c"] = 1, ["d"] = 10, ["e"] = 2,
    };

    private const string QueueText = """
        # Queue: reported

        ### a: Fetch
        - run: `true`

        ### b: Build `</script><b>bold</b>` | *y* & z
        - depends: a
        - estimate: 10s
        - run: `true`

        ### c: Flaky
        - depends: a
        - retries: 2
        - retry-backoff: 0s
        - run: `true`

        ### d: Package
        - depends: b, c
        - run: `true`

        ### e: Doomed
        - retries: 1
        - retry-backoff: 0s
        - run: `true`
        """;

    private readonly TempHome _home = new();

    private ReportedRun() { }

    public HomeLayout Home => _home.Layout;

    public QueueDefinition Queue { get; private set; } = null!;

    public static async Task<ReportedRun> CreateAsync()
    {
        var run = new ReportedRun();
        var queueFile = Path.Combine(run._home.Root, "task-queue.md");
        await File.WriteAllTextAsync(queueFile, QueueText);
        run.Queue = QueueParser.ParseFile(queueFile).Queue ?? throw new InvalidOperationException("the test queue does not parse");
        Directory.CreateDirectory(run.Home.Home);
        await File.WriteAllTextAsync(run.Home.CurrentRunFile, RunId);

        var time = new FakeTimeProvider(Start);
        var executor = new ScriptedExecutor(launch =>
        {
            time.Advance(TimeSpan.FromSeconds(Seconds[launch.Task.Id]));
            var fails = launch.Task.Id == "e" || (launch.Task.Id == "c" && launch.Attempt == 1);
            return fails
                ? TaskAttemptResult.Failure(launch, TaskFailureKind.ExitCode, "exit code 75", TimeSpan.FromSeconds(Seconds[launch.Task.Id]), exitCode: 75)
                : TaskAttemptResult.Success(launch, 0, TimeSpan.FromSeconds(Seconds[launch.Task.Id]));
        });
        var options = new SchedulerOptions { RunId = RunId, Concurrency = 1, CpuCapacity = 64, MemoryCapacity = 1L << 40, Autonomous = true };
        await using (var journal = FileEventJournal.Create(run.Home.JournalPath(RunId)))
        {
            await new RunScheduler(run.Queue, options, executor, journal, [], time).RunAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        return run;
    }

    public void Dispose() => _home.Dispose();
}
