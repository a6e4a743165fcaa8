using Microsoft.Extensions.Time.Testing;
using TaskMaster.Core.Events;
using TaskMaster.Core.Policies;
using TaskMaster.Core.Queue;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.State;
using TaskMaster.Core.Tests.Scheduling;
using static TaskMaster.Core.Tests.TestQueues;
using TaskStatus = TaskMaster.Core.State.TaskStatus;

namespace TaskMaster.Core.Tests.State;

/// <summary>How <see cref="RunRolledBack"/> folds: every reset task takes its checkpoint state, and what follows from it is recomputed.</summary>
public sealed class RunStateRollbackTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static RunStarted Started(int tasks) => new(T0, "run-1", "test", "/tmp/q.md", "hash", tasks, 2, false);

    private static RunRolledBack RolledBack(string cause, params TaskReset[] resets) =>
        new(T0.AddMinutes(5), cause, CheckpointSequence: 1, "memory://checkpoints/1.json", JournalPosition: 3, resets);

    private static TaskReset Reset(string id, TaskStatus status, int attempt = 1, int transientFailures = 0, int executorFailures = 0) =>
        new(id, status, attempt, transientFailures, executorFailures, NextRetryAt: null, BlockedBy: null);

    private static void Succeed(RunState state, string id, int attempt = 1)
    {
        state.Apply(new TaskStarted(T0, id, attempt));
        state.Apply(new TaskSucceeded(T0.AddMinutes(1), id, attempt, 0, TimeSpan.FromMinutes(1)));
    }

    private static void FailForGood(RunState state, string id, int attempt = 1)
    {
        state.Apply(new TaskStarted(T0, id, attempt));
        state.Apply(new TaskFailed(T0.AddMinutes(1), id, attempt, TaskFailureClass.Permanent, TaskFailureKind.ExitCode, 1, null,
            TimeSpan.FromMinutes(1), "exit code 1", [], WillRetry: false));
    }

    private static List<string> DrainReady(RunState state)
    {
        var ready = new List<string>();
        while (state.TryDequeueReady(out var index)) ready.Add(state.Queue.Tasks[index].Id);
        return ready;
    }

    [Fact]
    public void Apply_RunRolledBack_GivesEachResetTaskItsStatusAttemptAndFailures()
    {
        var state = new RunState(QueueOf(TaskDef("deploy"), TaskDef("fetch")));
        state.Apply(Started(2));
        FailForGood(state, "deploy", attempt: 2);
        Succeed(state, "fetch", attempt: 3);

        state.Apply(RolledBack("deploy", Reset("deploy", TaskStatus.Ready, attempt: 2), Reset("fetch", TaskStatus.RetryWaiting, attempt: 3, transientFailures: 2, executorFailures: 1)));

        var deploy = state.Task("deploy");
        Assert.Equal((TaskStatus.Ready, 2, 0, 0, null), (deploy.Status, deploy.Attempt, deploy.TransientFailures, deploy.ExecutorFailures, deploy.EndedAt));
        var fetch = state.Task("fetch");
        Assert.Equal((TaskStatus.RetryWaiting, 3, 2, 1, null), (fetch.Status, fetch.Attempt, fetch.TransientFailures, fetch.ExecutorFailures, fetch.EndedAt));
        Assert.Equal((1, 1, 0, 0), (state.Count(TaskStatus.Ready), state.Count(TaskStatus.RetryWaiting), state.Count(TaskStatus.Failed), state.Count(TaskStatus.Succeeded)));
    }

    [Fact]
    public void Apply_RunRolledBack_DependentOfAResetTaskWaitsForItAgain()
    {
        var state = new RunState(Diamond());
        state.Apply(Started(4));
        foreach (var id in new[] { "a", "b", "c" }) Succeed(state, id);

        // The checkpoint was taken before b ended: b runs again, and d, ready since, waits for it.
        state.Apply(RolledBack("b", Reset("b", TaskStatus.Ready), Reset("d", TaskStatus.Pending, attempt: 0)));

        Assert.Equal((TaskStatus.Pending, 1), (state.Task("d").Status, state.Task("d").RemainingDependencies));
        Assert.Equal(["b"], DrainReady(state));
    }

    [Fact]
    public void Apply_RunRolledBack_ResetReadyTaskIsDequeuedAgain()
    {
        var state = new RunState(QueueOf(TaskDef("deploy")));
        state.Apply(Started(1));
        Assert.Equal(["deploy"], DrainReady(state)); // taken by the scheduler, which started it
        FailForGood(state, "deploy");

        state.Apply(RolledBack("deploy", Reset("deploy", TaskStatus.Ready)));

        Assert.Equal(["deploy"], DrainReady(state));
    }

    [Fact]
    public void Apply_RunRolledBack_ReleasesTheResourcesOfAResetRunningTask()
    {
        var queue = QueueOf(TaskDef("deploy"), TaskDef("build") with { Resources = new ResourceRequest(2, 512L << 20) });
        var state = new RunState(queue);
        state.Apply(Started(2));
        state.Apply(new TaskStarted(T0, "build", 1));

        state.Apply(RolledBack("deploy", Reset("build", TaskStatus.Ready)));

        Assert.Equal((0.0, 0L), (state.AllocatedCpu, state.AllocatedMemory));
        Assert.Equal(TaskStatus.Ready, state.Task("build").Status);
    }

    [Fact]
    public void Apply_RunRolledBack_CountsARollbackOfTheCauseTaskOnly()
    {
        var state = new RunState(QueueOf(TaskDef("deploy"), TaskDef("other")));
        state.Apply(Started(2));

        state.Apply(RolledBack("deploy", Reset("other", TaskStatus.Ready)));
        state.Apply(RolledBack("deploy"));

        Assert.Equal((2, 0), (state.Task("deploy").Rollbacks, state.Task("other").Rollbacks));
    }

    [Fact]
    public async Task Apply_ReplayOfARolledBackRunsJournal_GivesTheLiveState()
    {
        var queue = QueueOf(TaskDef("setup"), TaskDef("deploy", "setup") with { Critical = true }, TaskDef("notify", "deploy"), TaskDef("other"));
        // deploy always fails; other is still running at the first two failures (and cancelled), and succeeds the third time.
        var executor = new ScriptedExecutor(l => (l.Task.Id, l.Attempt) switch
        {
            ("deploy", _) => TaskAttemptResult.Failure(l, TaskFailureKind.ExitCode, "exit code 1", TimeSpan.FromSeconds(1), exitCode: 1),
            ("other", < 3) => null,
            _ => TaskAttemptResult.Success(l, 0, TimeSpan.FromSeconds(1)),
        });
        var journal = new InMemoryEventJournal();
        var time = new FakeTimeProvider(T0);
        var checkpoints = new RecordingCheckpointSource(queue, journal, time);
        var scheduler = new RunScheduler(queue, new SchedulerOptions { RunId = "run-1", Concurrency = 2, Autonomous = true },
            executor, journal, [], time, checkpoints: checkpoints);
        checkpoints.Scheduler = scheduler;
        await scheduler.RunAsync().WaitAsync(TimeSpan.FromSeconds(10));

        var replayed = new RunState(queue);
        foreach (var e in journal.Events) replayed.Apply(e);

        Assert.Equal(2, journal.Events.OfType<RunRolledBack>().Count());
        RunStateSnapshot.AssertSame(scheduler.State, replayed);
        Assert.Equal(scheduler.State.Tasks.Select(t => t.Rollbacks), replayed.Tasks.Select(t => t.Rollbacks));
    }
}
