using TaskMaster.Cli.Output;
using TaskMaster.Core.ReadModel;

namespace TaskMaster.Cli.Tests.Output;

public sealed class LiveRunViewTests
{
    [Fact]
    public void Headline_PausedRunWithTrouble_SaysWhyAndCountsAsTheStatusDoes()
    {
        var status = Status(RunPhase.Paused, "paused by an operator", new TaskCounts(10, 3, 0, 2, 1, 3, 1, 0, 0), etaSeconds: 65);

        var headline = LiveRunView.Headline(status);

        Assert.Equal("PAUSED (paused by an operator; Ctrl-C stops, state kept) 4 of 10 tasks finished: 3 succeeded, 1 failed, 0 blocked, 2 running, 1 awaiting retry, ETA 1m 5s", headline);
    }

    [Fact]
    public void Headline_StopRequested_SaysStoppingWithoutAnEstimate()
    {
        var status = Status(RunPhase.Stopped, "stopping: operator", new TaskCounts(2, 0, 1, 1, 0, 0, 0, 0, 0), etaSeconds: null);

        var headline = LiveRunView.Headline(status);

        Assert.Equal("stopping 0 of 2 tasks finished: 0 succeeded, 0 failed, 0 blocked, 1 running", headline);
    }

    [Fact]
    public void Headline_FailedRun_NeverReadsAsDoneAndHasNoEstimate()
    {
        var status = Status(RunPhase.Failed, "", new TaskCounts(7, 0, 0, 0, 0, 5, 1, 1, 0), etaSeconds: 0);

        var headline = LiveRunView.Headline(status);

        Assert.Equal("FAILED: 7 of 7 tasks finished: 5 succeeded, 1 failed, 1 blocked", headline);
    }

    private static RunStatusReport Status(RunPhase phase, string reason, TaskCounts counts, double? etaSeconds)
    {
        var finished = counts.Succeeded + counts.Failed + counts.Blocked + counts.Skipped;
        return new RunStatusReport
        {
            RunId = "run-1", State = phase, StateReason = reason, Live = true, Queue = new QueueRef("q", "q.md"),
            Progress = new ProgressFigures(100.0 * finished / counts.Total, finished, counts.Total), TaskCounts = counts,
            CurrentTasks = [], EtaSeconds = etaSeconds, AutonomyScore = 1, ErrorRate = 0,
        };
    }
}
