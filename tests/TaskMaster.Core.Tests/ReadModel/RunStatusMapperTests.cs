using TaskMaster.Core.Events;
using TaskMaster.Core.ReadModel;
using TaskMaster.Core.State;
using TaskMaster.Core.Tests.Scheduling;
using static TaskMaster.Core.Tests.TestQueues;

namespace TaskMaster.Core.Tests.ReadModel;

public sealed class RunStatusMapperTests
{
    private static readonly DateTimeOffset Now = EventFeed.T0.AddMinutes(5);

    [Theory]
    [InlineData(RunStatus.Running, true, RunPhase.Running)]
    [InlineData(RunStatus.NotStarted, true, RunPhase.Running)]
    [InlineData(RunStatus.Paused, true, RunPhase.Paused)]
    [InlineData(RunStatus.Completed, true, RunPhase.Completed)]
    [InlineData(RunStatus.Failed, true, RunPhase.Failed)]
    [InlineData(RunStatus.Interrupted, true, RunPhase.Stopped)]
    [InlineData(RunStatus.Running, false, RunPhase.Stopped)]
    [InlineData(RunStatus.Paused, false, RunPhase.Stopped)]
    [InlineData(RunStatus.Interrupted, false, RunPhase.Stopped)]
    [InlineData(RunStatus.Completed, false, RunPhase.Completed)]
    [InlineData(RunStatus.Failed, false, RunPhase.Failed)]
    public void PhaseOf_StatusAndWhetherItsExecutorRuns_NamesTheRunsState(RunStatus status, bool live, RunPhase expected) =>
        Assert.Equal(expected, RunStatusMapper.PhaseOf(status, live));

    [Fact]
    public async Task Map_RunWhoseExecutorDiedWhileRunning_StoppedWithoutEtaSayingItWasKilled()
    {
        var state = (await MidRun.RecordAsync()).Fold();

        var report = RunStatusMapper.Map(state, live: false, detailed: false, Now, concurrency: 4);

        Assert.Equal((RunPhase.Stopped, false, null), (report.State, report.Live, report.EtaSeconds));
        Assert.Contains("killed or crashed", report.StateReason);
    }

    [Fact]
    public void Map_InterruptedRun_StoppedWithItsReason()
    {
        var feed = new EventFeed(QueueOf(TaskDef("a")));
        feed.Feed(feed.Started(), new RunInterrupted(EventFeed.T0, "received SIGTERM", 15));

        var report = RunStatusMapper.Map(feed.State, live: false, detailed: false, Now, concurrency: 4);

        Assert.Equal((RunPhase.Stopped, "received SIGTERM"), (report.State, report.StateReason));
    }

    [Fact]
    public void Map_CompletedRun_NothingLeft()
    {
        var feed = new EventFeed(QueueOf(TaskDef("a")));
        feed.Feed(feed.Started(), new TaskStarted(EventFeed.T0, "a", 1), new TaskSucceeded(EventFeed.T0, "a", 1, 0, TimeSpan.FromSeconds(1)),
            new RunCompleted(EventFeed.T0, Succeeded: true));

        var report = RunStatusMapper.Map(feed.State, live: false, detailed: false, Now, concurrency: 4);

        Assert.Equal((RunPhase.Completed, null, 0.0, 100.0), (report.State, report.StateReason, report.EtaSeconds, report.Progress.Percent));
    }

    [Fact]
    public void Map_CheckpointTaken_IsTheLastCheckpoint()
    {
        var feed = new EventFeed(QueueOf(TaskDef("a")));
        feed.Feed(feed.Started(), new CheckpointTaken(EventFeed.T0.AddSeconds(3), 1, "start", "/home/checkpoints/1.json", null, 1));

        var report = RunStatusMapper.Map(feed.State, live: true, detailed: false, Now, concurrency: 4);

        Assert.Equal(new CheckpointRef(EventFeed.T0.AddSeconds(3), "/home/checkpoints/1.json"), report.LastCheckpoint);
    }

    [Fact]
    public void Map_AnyRun_NoMonitorUrlYet()
    {
        var feed = new EventFeed(QueueOf(TaskDef("a")));
        feed.Feed(feed.Started());

        Assert.Null(RunStatusMapper.Map(feed.State, live: true, detailed: false, Now, concurrency: 4).MonitorUrl);
    }
}
