using Microsoft.Extensions.Time.Testing;
using TaskMaster.Core.Events;
using TaskMaster.Core.Policies;
using TaskMaster.Core.Queue;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.State;
using static TaskMaster.Core.Tests.TestQueues;

namespace TaskMaster.Core.Tests.Scheduling;

/// <summary>
/// The journal of a run caught in the middle of its work, as a crash would leave it, recorded from a
/// real scheduler and a scripted executor: <c>setup</c> and <c>docs</c> succeeded, <c>build</c> runs
/// (40%, holding cpu=2 and 512 MiB), <c>fetch</c> waits for its second attempt, <c>lint</c> failed for
/// good and blocked <c>report</c> and <c>publish</c>, <c>package</c> waits for <c>build</c>.
/// </summary>
internal sealed record MidRun(QueueDefinition Queue, IReadOnlyList<RunEvent> Events)
{
    public const string RunId = "run-mid";

    public static readonly DateTimeOffset Start = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    public static readonly ResourceRequest BuildResources = new(2, 512L << 20);

    public static SchedulerOptions Options() =>
        new() { RunId = RunId, Concurrency = 8, CpuCapacity = 16, MemoryCapacity = 8L << 30 };

    /// <param name="queue">A queue with the scenario's tasks; <see cref="Tasks"/> by default.</param>
    public static async Task<MidRun> RecordAsync(QueueDefinition? queue = null)
    {
        queue ??= QueueOf(Tasks());
        var journal = new InMemoryEventJournal();
        var recorder = new EventRecorder();
        var executor = new ScriptedExecutor(l => l.Task.Id switch
        {
            "setup" or "docs" => TaskAttemptResult.Success(l, 0, TimeSpan.FromSeconds(2)),
            "fetch" => TaskAttemptResult.Failure(l, TaskFailureKind.ExitCode, "exit code 75", TimeSpan.FromSeconds(1), exitCode: 75),
            "lint" => TaskAttemptResult.Failure(l, TaskFailureKind.ExitCode, "exit code 1", TimeSpan.FromSeconds(1), exitCode: 1),
            _ => null,
        });
        var scheduler = new RunScheduler(queue, Options(), executor, journal, [recorder], new FakeTimeProvider(Start));
        var run = scheduler.RunAsync();
        await recorder.WaitFor<TaskStarted>(s => s.TaskId == "build");
        executor.Progress("build", 40, "compiling");
        await Task.WhenAll(
            recorder.WaitFor<TaskProgressed>(), recorder.WaitFor<TaskSucceeded>(s => s.TaskId == "docs"),
            recorder.WaitFor<TaskRetryScheduled>(), recorder.WaitFor<TasksBlocked>());
        // Nothing else can happen until the clock moves or build ends: the journal is complete.
        var events = journal.Events.ToArray();
        scheduler.RequestStop("recorded");
        await run.WaitAsync(TimeSpan.FromSeconds(10));
        return new MidRun(queue, events);
    }

    public static TaskDefinition[] Tasks() =>
    [
        TaskDef("setup"),
        TaskDef("build", "setup") with { Resources = BuildResources },
        TaskDef("fetch") with { Retries = 3, RetryBackoff = TimeSpan.FromSeconds(30) },
        TaskDef("lint"),
        TaskDef("report", "lint"),
        TaskDef("publish", "report"),
        TaskDef("docs", "setup"),
        TaskDef("package", "build"),
    ];

    /// <summary>A new state: the fold of the recorded events.</summary>
    public RunState Fold()
    {
        var state = new RunState(Queue);
        foreach (var e in Events) state.Apply(e);
        return state;
    }
}
