using TaskMaster.Core.Events;
using TaskMaster.Core.Policies;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.State;
using TaskMaster.Core.Tests.Scheduling;
using static TaskMaster.Core.Tests.TestQueues;
using TaskStatus = TaskMaster.Core.State.TaskStatus;

namespace TaskMaster.Core.Tests.State;

public sealed class RunStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static RunStarted Started(int tasks) => new(T0, "run-1", "test", "/tmp/q.md", "hash", tasks, 2, false);

    [Fact]
    public void Apply_RunStarted_TasksWithoutDependenciesAreReady()
    {
        var state = new RunState(Diamond());

        state.Apply(Started(4));

        Assert.Equal(TaskStatus.Ready, state.Task("a").Status);
        Assert.Equal(TaskStatus.Pending, state.Task("b").Status);
        Assert.Equal(RunStatus.Running, state.Status);
    }

    [Fact]
    public void RecoveryRate_TransientFailures_CountsEachFailureOnceItsTaskHasEnded()
    {
        var state = new RunState(Diamond());
        state.Apply(Started(4));
        Fail(state, "a", 1, willRetry: true);
        Fail(state, "a", 2, willRetry: true);
        state.Apply(new TaskStarted(T0, "a", 3));
        state.Apply(new TaskSucceeded(T0, "a", 3, 0, TimeSpan.FromSeconds(1)));
        Fail(state, "b", 1, willRetry: true);
        var whileBWaits = RunMetrics.RecoveryRate(state);
        Fail(state, "b", 2, willRetry: false);

        // a recovered its two; b's two never were (the last included); while b waited, it counted in neither part.
        Assert.Equal(1.0, whileBWaits);
        Assert.Equal((2, 2), (state.RecoveredFailures, state.UnrecoveredFailures));
        Assert.Equal(0.5, RunMetrics.RecoveryRate(state));
    }

    private static void Fail(RunState state, string id, int attempt, bool willRetry)
    {
        state.Apply(new TaskStarted(T0, id, attempt));
        state.Apply(new TaskFailed(T0, id, attempt, TaskFailureClass.Transient, TaskFailureKind.ExitCode, 75, null,
            TimeSpan.FromSeconds(1), "exit code 75", [], willRetry));
    }

    [Fact]
    public void Apply_DependencySucceeded_DependentBecomesReadyOnlyWhenAllAreDone()
    {
        var state = new RunState(Diamond());
        state.Apply(Started(4));
        foreach (var id in new[] { "a", "b" })
        {
            state.Apply(new TaskStarted(T0, id, 1));
            state.Apply(new TaskSucceeded(T0, id, 1, 0, TimeSpan.FromSeconds(1)));
        }

        Assert.Equal(TaskStatus.Pending, state.Task("d").Status);
        state.Apply(new TaskStarted(T0, "c", 1));
        state.Apply(new TaskSucceeded(T0, "c", 1, 0, TimeSpan.FromSeconds(1)));
        Assert.Equal(TaskStatus.Ready, state.Task("d").Status);
    }

    [Fact]
    public void Apply_TaskStartedAndEnded_AllocatesAndReleasesResources()
    {
        var queue = QueueOf(TaskDef("t") with { Resources = new TaskMaster.Core.Queue.ResourceRequest(1.5, 1024) });
        var state = new RunState(queue);
        state.Apply(Started(1));

        state.Apply(new TaskStarted(T0, "t", 1));
        Assert.Equal((1.5, 1024L), (state.AllocatedCpu, state.AllocatedMemory));
        state.Apply(new TaskFailed(T0, "t", 1, TaskFailureClass.Transient, TaskFailureKind.Timeout, null, null,
            TimeSpan.FromSeconds(1), "timed out", [], WillRetry: true));

        Assert.Equal((0.0, 0L), (state.AllocatedCpu, state.AllocatedMemory));
        Assert.Equal(TaskStatus.RetryWaiting, state.Task("t").Status);
        Assert.Equal(1, state.Task("t").TransientFailures);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(-1)]
    public void Apply_TaskIndexHintNamesAnotherTask_FoldsIntoTheEventsOwnTask(int hint)
    {
        var state = new RunState(QueueOf(TaskDef("a"), TaskDef("b")));
        state.Apply(Started(2));

        state.Apply(new TaskStarted(T0, "a", 1), hint);

        Assert.Equal(TaskStatus.Running, state.Task("a").Status);
        Assert.Equal(TaskStatus.Ready, state.Task("b").Status);
    }

    [Fact]
    public void TryDequeueReady_TaskStartedMeanwhile_SkipsIt()
    {
        var state = new RunState(QueueOf(TaskDef("a"), TaskDef("b")));
        state.Apply(Started(2));
        state.Apply(new TaskStarted(T0, "a", 1));

        Assert.True(state.TryDequeueReady(out var index));
        Assert.Equal("b", state.Queue.Tasks[index].Id);
        Assert.False(state.TryDequeueReady(out _));
    }

    [Fact]
    public async Task Apply_ReplayOfARunsJournal_GivesTheSameState()
    {
        var queue = QueueOf(TaskDef("a"), TaskDef("b", "a") with { Retries = 1, RetryBackoff = TimeSpan.Zero }, TaskDef("c", "b"), TaskDef("d"), TaskDef("e", "d"));
        var executor = new ScriptedExecutor(l => (l.Task.Id, l.Attempt) switch
        {
            ("b", 1) => TaskAttemptResult.Failure(l, TaskFailureKind.ExitCode, "exit code 75", TimeSpan.FromSeconds(2), exitCode: 75),
            ("d", _) => TaskAttemptResult.Failure(l, TaskFailureKind.ExitCode, "exit code 1", TimeSpan.FromSeconds(2), exitCode: 1),
            _ => TaskAttemptResult.Success(l, 0, TimeSpan.FromSeconds(3)),
        });
        var journal = new InMemoryEventJournal();
        var scheduler = new RunScheduler(queue, new SchedulerOptions { RunId = "run-1", Concurrency = 2 }, executor, journal, [], TimeProvider.System);
        await scheduler.RunAsync().WaitAsync(TimeSpan.FromSeconds(10));

        var replayed = new RunState(queue);
        foreach (var e in journal.Events) replayed.Apply(e);

        Assert.Equal(Snapshot(scheduler.State), Snapshot(replayed));
        Assert.Equal(RunStatus.Failed, replayed.Status);
    }

    private static string Snapshot(RunState state) =>
        $"{state.Status} {state.LastSequence} {state.AllocatedCpu} {state.TotalFailures} " + string.Join(";", state.Tasks.Select(t =>
            $"{t.Index}:{t.Status}:{t.Attempt}:{t.TransientFailures}:{t.RemainingDependencies}:{t.Duration}:{t.BlockedBy}:{t.LastFailure?.Reason}"));
}
