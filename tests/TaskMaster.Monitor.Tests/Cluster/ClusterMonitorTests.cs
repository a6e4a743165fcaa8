using TaskMaster.Core.Scheduling;
using TaskMaster.Core.State;
using TaskMaster.Core.Tests;
using TaskMaster.Core.Tests.Scheduling;
using TaskMaster.Monitor.Cluster;
using TaskMaster.Monitor.Tests.Support;
using TaskMaster.Core.ReadModel;

namespace TaskMaster.Monitor.Tests.Cluster;

public sealed class ClusterMonitorTests
{
    [Fact]
    public async Task Fold_CompletedRun_StatusReadsAsTheSchedulersOwnModel()
    {
        await using var cluster = new ClusterHarness();
        var (done, _, schedulerView) = cluster.StartRun("run-a", TestQueues.Diamond(), new ScriptedExecutor());
        await done.WaitAsync(ClusterHarness.Timeout);

        await cluster.Monitor.StartAsync(CancellationToken.None);
        var run = await cluster.KnownAsync("run-a");
        await ClusterHarness.UntilAsync(run, r => r.Ended);

        var folded = run.Status!.Snapshot(detailed: true)!;
        var scheduler = schedulerView.Snapshot(detailed: true)!;
        Assert.Equal(RunPhase.Completed, folded.State);
        Assert.Equal(scheduler.TaskCounts, folded.TaskCounts);
        Assert.Equal(scheduler.Progress, folded.Progress);
        Assert.Equal(scheduler.Tasks!.Select(t => (t.Id, t.State, t.Attempts)), folded.Tasks!.Select(t => (t.Id, t.State, t.Attempts)));
    }

    [Fact]
    public async Task Follow_RunStillGoing_StatusFollowsEachEventAsItIsJournaled()
    {
        await using var cluster = new ClusterHarness();
        var executor = new ScriptedExecutor(launch => launch.Task.Id == "d" ? null : TaskAttemptResult.Success(launch, 0, TimeSpan.FromMilliseconds(1)));
        var (done, _, _) = cluster.StartRun("run-b", TestQueues.Diamond(), executor);
        await executor.WaitForLaunch(4).Task.WaitAsync(ClusterHarness.Timeout);
        await cluster.Monitor.StartAsync(CancellationToken.None);
        var run = await cluster.KnownAsync("run-b");

        await ClusterHarness.UntilAsync(run, r => r.Status?.Snapshot(false)?.CurrentTasks.Any(t => t.Id == "d") == true);
        executor.Succeed("d");
        await ClusterHarness.UntilAsync(run, r => r.Ended);

        Assert.Equal(RunPhase.Completed, run.Status!.Snapshot(false)!.State);
        await done.WaitAsync(ClusterHarness.Timeout);
    }

    [Fact]
    public async Task Catalog_RunAddedWhileTheMonitorRuns_IsFollowedFromItsStart()
    {
        await using var cluster = new ClusterHarness();
        await cluster.Monitor.StartAsync(CancellationToken.None);
        await cluster.Monitor.FirstRead.WaitAsync(ClusterHarness.Timeout);

        var (done, _, _) = cluster.StartRun("run-late", TestQueues.Diamond(), new ScriptedExecutor());
        var run = await cluster.KnownAsync("run-late");
        await ClusterHarness.UntilAsync(run, r => r.Ended);

        Assert.Equal(4, run.Status!.Snapshot(false)!.TaskCounts.Succeeded);
        await done.WaitAsync(ClusterHarness.Timeout);
    }

    [Fact]
    public async Task Fold_TwoRuns_EachFromItsOwnStreamListedNewestFirst()
    {
        await using var cluster = new ClusterHarness();
        var (first, _, _) = cluster.StartRun("run-1", TestQueues.Diamond(), new ScriptedExecutor());
        await first.WaitAsync(ClusterHarness.Timeout);
        var (second, _, _) = cluster.StartRun("run-2", TestQueues.QueueOf(TestQueues.TaskDef("only")) with { ContentHash = "other" }, new ScriptedExecutor());
        await second.WaitAsync(ClusterHarness.Timeout);

        await cluster.Monitor.StartAsync(CancellationToken.None);
        await ClusterHarness.UntilAsync(await cluster.KnownAsync("run-1"), r => r.Ended);
        await ClusterHarness.UntilAsync(await cluster.KnownAsync("run-2"), r => r.Ended);

        var listing = cluster.Monitor.Runs.Select(ClusterRunListing.Of).ToList();
        Assert.Equal(["run-2", "run-1"], listing.Select(l => l.RunId));
        Assert.Equal([1, 4], listing.Select(l => l.Total));
        Assert.All(listing, l => Assert.Equal(RunPhase.Completed, l.State));
    }

    [Fact]
    public async Task Fold_QueueNotOnTheSharedVolume_RunListedWithItsProblem()
    {
        await using var cluster = new ClusterHarness();
        var queue = TestQueues.Diamond();
        var (done, _, _) = cluster.StartRun("run-gone", queue, new ScriptedExecutor());
        await done.WaitAsync(ClusterHarness.Timeout);
        cluster.Runs.ForgetQueue(queue);

        await cluster.Monitor.StartAsync(CancellationToken.None);
        var run = await cluster.KnownAsync("run-gone");
        await ClusterHarness.UntilAsync(run, r => r.Problem is not null);

        Assert.Contains("changed since the run started", ClusterRunListing.Of(run).Problem, StringComparison.Ordinal);
        Assert.Null(run.Status);
    }

    [Fact]
    public async Task Follow_StreamFailsOnce_ReadAgainAndFoldedToTheEnd()
    {
        await using var cluster = new ClusterHarness();
        var (done, _, _) = cluster.StartRun("run-flaky", TestQueues.Diamond(), new ScriptedExecutor());
        await done.WaitAsync(ClusterHarness.Timeout);
        cluster.Runs.FailNextStreamReads(1);

        await cluster.Monitor.StartAsync(CancellationToken.None);
        var run = await cluster.KnownAsync("run-flaky");
        await ClusterHarness.UntilAsync(run, r => r.Ended);

        Assert.Equal(2, cluster.Runs.StreamReads);
        Assert.Equal(RunPhase.Completed, run.Status!.Snapshot(false)!.State);
    }

    [Fact]
    public async Task Ready_CatalogUnreachable_NotReadyUntilItAnswers()
    {
        await using var cluster = new ClusterHarness();
        cluster.Runs.FailNextCatalogReads(2);

        await cluster.Monitor.StartAsync(CancellationToken.None);
        await cluster.Monitor.NextCatalogRead.WaitAsync(ClusterHarness.Timeout);
        var readyWhileDown = cluster.Monitor.Ready;
        await cluster.Monitor.FirstRead.WaitAsync(ClusterHarness.Timeout);

        Assert.False(readyWhileDown);
        Assert.True(cluster.Monitor.Ready);
    }
}
