using Microsoft.Extensions.Time.Testing;
using TaskMaster.Core.Events;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.State;
using TaskMaster.Core.Tests.State;
using static TaskMaster.Core.Tests.Scheduling.ControlledRun;
using static TaskMaster.Core.Tests.TestQueues;

namespace TaskMaster.Core.Tests.Scheduling;

/// <summary>A retry of a run that ended: the same run goes on from its state, with its failed and blocked tasks waiting again.</summary>
public sealed class RunSchedulerRetryTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryEventJournal _journal = new();
    private bool _fixed;

    private static SchedulerOptions Options(RetryRequest? retry = null) => new()
    {
        RunId = "run-1", Concurrency = 2, CpuCapacity = 4, MemoryCapacity = 1L << 30, Autonomous = true,
        Retry = retry, ResumedFrom = retry is null ? null : "checkpoints/latest.json",
    };

    private async Task<(ScriptedExecutor Executor, RunState Ended)> FailedRunAsync()
    {
        var queue = QueueOf(TaskDef("fails"), TaskDef("after", "fails"), TaskDef("done"));
        var executor = new ScriptedExecutor(l => Exit(l, l.Task.Id == "fails" && !_fixed ? 1 : 0));
        var summary = await new RunScheduler(queue, Options(), executor, _journal, [], _time).RunAsync().WaitAsync(Limit);
        Assert.Equal(RunStatus.Failed, summary.Status);
        return (executor, Fold(queue));
    }

    private RunState Fold(TaskMaster.Core.Queue.QueueDefinition queue)
    {
        var state = new RunState(queue);
        foreach (var e in _journal.Events) state.Apply(e);
        return state;
    }

    [Fact]
    public async Task RunAsync_RetryOfAFailedRun_JournalsTheRetryFirstThenRunsTheFailedAndBlockedTasksWithAttemptsGoingOn()
    {
        var (executor, ended) = await FailedRunAsync();
        var before = _journal.Events.Count;
        _fixed = true;

        var retry = new RunScheduler(ended.Queue, Options(new RetryRequest([], "ops", "the mirror is back")), executor, _journal, [], _time, resumeFrom: ended);
        var summary = await retry.RunAsync().WaitAsync(Limit);

        Assert.Equal((RunStatus.Completed, 3), (summary.Status, summary.Succeeded));
        Assert.Equal([("fails", 2), ("after", 1)], executor.Launches.Skip(2).Select(l => (l.Task.Id, l.Attempt)));
        var appended = _journal.Events.Skip(before).ToList();
        var retried = Assert.Single(appended.OfType<TasksRetried>());
        Assert.Equal(["fails", "after"], retried.TaskIds);
        Assert.Equal(("ops", "the mirror is back"), (retried.By, retried.Reason));
        Assert.IsType<RunStarted>(appended[0]);
        Assert.True(retried.Sequence < appended.OfType<TaskStarted>().First().Sequence);
        RunStateSnapshot.AssertSame(retry.State, Fold(ended.Queue));
    }

    [Fact]
    public async Task Constructor_RetryOfASucceededTask_RefusedBeforeAnythingIsJournaled()
    {
        var (executor, ended) = await FailedRunAsync();
        var before = _journal.Events.Count;

        var refused = Assert.Throws<ArgumentException>(() =>
            new RunScheduler(ended.Queue, Options(new RetryRequest(["done"], "ops", "")), executor, _journal, [], _time, resumeFrom: ended));

        Assert.StartsWith("'done' has succeeded", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, _journal.Events.Count);
    }
}
