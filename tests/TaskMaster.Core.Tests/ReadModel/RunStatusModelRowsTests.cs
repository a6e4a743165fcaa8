using TaskMaster.Core.Events;
using TaskMaster.Core.Policies;
using TaskMaster.Core.ReadModel;
using TaskMaster.Core.Tests.Scheduling;
using static TaskMaster.Core.Tests.TestQueues;
using TaskStatus = TaskMaster.Core.State.TaskStatus;

namespace TaskMaster.Core.Tests.ReadModel;

public sealed class RunStatusModelRowsTests
{
    [Fact]
    public void Rows_BeforeRunStarted_AreNull()
    {
        var feed = new EventFeed(Diamond());

        Assert.Null(feed.Model.Rows());
        Assert.Null(feed.Model.Health());
    }

    [Fact]
    public async Task Rows_MidRun_HoldEveryTaskWithItsTimesAndTheSequence()
    {
        var feed = await EventFeed.MidRunAsync();

        var rows = feed.Model.Rows()!;

        Assert.Equal(feed.State.LastSequence, rows.Sequence);
        Assert.Equal(8, rows.Rows.Count);
        var byId = rows.Rows.ToDictionary(r => r.Id);
        var setup = byId["setup"];
        Assert.Equal((TaskStatus.Succeeded, 1), (setup.State, setup.Attempt));
        // The attempt's span by the one definition the state keeps: start, end, and end − start.
        Assert.Equal(feed.State.Task("setup").Duration!.Value.TotalSeconds, setup.DurationSeconds);
        Assert.Equal(setup.StartedAt + TimeSpan.FromSeconds(setup.DurationSeconds!.Value), setup.EndedAt);
        var fetch = byId["fetch"];
        Assert.Equal((TaskStatus.RetryWaiting, 4, "exit code 75"), (fetch.State, fetch.MaxAttempts, fetch.LastError));
        Assert.NotNull(fetch.NextRetryAt);
        Assert.Equal((TaskStatus.Blocked, "lint"), (byId["report"].State, byId["report"].BlockedBy));
        Assert.Equal((TaskStatus.Running, 40.0, "compiling"), (byId["build"].State, byId["build"].Progress, byId["build"].ProgressMessage));
        Assert.Equal((TaskStatus.Pending, 0, (double?)null), (byId["package"].State, byId["package"].Attempt, byId["package"].DurationSeconds));
    }

    [Fact]
    public async Task RowsAndDetails_TasksNeverStartedIncluded_AreWhatTheStateGivesForEachTask()
    {
        var feed = await EventFeed.MidRunAsync();

        var rows = feed.Model.Rows()!.Rows;
        var details = feed.Snapshot(detailed: true).Tasks!;

        Assert.Contains(feed.State.Tasks, TaskRow.IsUntouched);
        Assert.Equal(feed.State.Tasks.Select(t => TaskRow.Of(feed.State, t)), rows);
        Assert.Equal(feed.State.Tasks.Select(t => RunStatusMapper.DetailOf(feed.State, t)).OfType<TaskDetail>(), details);
    }

    [Fact]
    public void RowsAndDetails_RightAfterTheStart_ReadyAndPendingTasksAsTheQueueDefinesThem()
    {
        var feed = new EventFeed(Diamond());
        feed.Feed(feed.Started());

        var rows = feed.Model.Rows()!.Rows;

        Assert.All(feed.State.Tasks, t => Assert.True(TaskRow.IsUntouched(t)));
        Assert.Equal(feed.State.Tasks.Select(t => TaskRow.Of(feed.State, t)), rows);
        Assert.Equal(feed.State.Tasks.Select(t => RunStatusMapper.DetailOf(feed.State, t)).OfType<TaskDetail>(), feed.Snapshot(detailed: true).Tasks!);
        // Made when read, not kept: reading again gives equal rows.
        Assert.Equal(rows, feed.Model.Rows()!.Rows);
    }

    [Fact]
    public async Task RowsOf_SomeTasks_AreThoseRowsOnly()
    {
        var feed = await EventFeed.MidRunAsync();

        var rows = feed.Model.RowsOf([1, 3])!;

        Assert.Equal(["build", "lint"], rows.Rows.Select(r => r.Id));
    }

    [Fact]
    public void Health_OneTransientFailureRecoveredAndOneNot_IsAHalfRecovered()
    {
        var feed = new EventFeed(QueueOf(TaskDef("flaky") with { Retries = 1 }, TaskDef("gives-up")));
        var t = EventFeed.T0;

        // Attempts of 1 s (failed), 3 s (succeeded) and 1 s (failed), by their events' times.
        feed.Feed(
            feed.Started(),
            new TaskStarted(t, "flaky", 1), Failed(t.AddSeconds(1), "flaky", 1, willRetry: true),
            new TaskStarted(t.AddSeconds(1), "flaky", 2), new TaskSucceeded(t.AddSeconds(4), "flaky", 2, 0, TimeSpan.FromSeconds(3)),
            new TaskStarted(t.AddSeconds(4), "gives-up", 1), Failed(t.AddSeconds(5), "gives-up", 1, willRetry: false));

        Assert.Equal(new HealthFigures(Efficiency: 0.6, RecoveryRate: 0.5), feed.Model.Health());
    }

    private static TaskFailed Failed(DateTimeOffset at, string id, int attempt, bool willRetry) => new(
        at, id, attempt, TaskFailureClass.Transient, TaskFailureKind.ExitCode, 75, null, TimeSpan.FromSeconds(1),
        "exit code 75", [], willRetry);
}
