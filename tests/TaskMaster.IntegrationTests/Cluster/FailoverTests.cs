using System.Diagnostics;
using StackExchange.Redis;
using TaskMaster.Contracts.Scheduler.V1;
using TaskMaster.Core.Events;
using TaskMaster.IntegrationTests.Fixtures;
using TaskMaster.IntegrationTests.Messaging;
using TaskMaster.Redis;
using TaskMaster.SchedulerService.Tests.Support;
using TaskMaster.Testing.Servers;
using TaskStarted = TaskMaster.Core.Events.TaskStarted;

namespace TaskMaster.IntegrationTests.Cluster;

/// <summary>
/// Two scheduler replicas sharing the lease (3 s, renewed every second) over the real stack: the leader
/// SIGKILLed, the leader SIGSTOPped past its lease and woken, and both replicas killed. Each test has a
/// stack and a Redis of its own (it kills its schedulers; the lease is the Redis's) and reads the journal
/// straight from Redis to check the fence.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class FailoverTests(Servers servers)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    // The middle task runs until the test lets it end, so the leader goes with it running.
    private const string Queue = """
        # Queue: failover

        ### first: First
        - run: `true`

        ### wait: Waits for the test
        - depends: first
        - run: `while [ ! -f release ]; do sleep 0.1; done`

        ### last: Last
        - depends: wait
        - run: `true`
        """;

    [Fact]
    public async Task LeaderKilledMidRun_TheStandbyLeadsAndResumesTheRun_WhichCompletesWithEveryAcknowledgedEventKept()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var redis = await RedisServer.StartAsync(servers.Root, $"redis-failover-{Guid.NewGuid():N}"[..24], cancel);
        await using var stack = new ClusterStack(servers, new ClusterStackServers(Redis: redis), schedulers: 2);
        await stack.InitializeAsync();
        var (leader, standby) = (stack.Schedulers[0], stack.Schedulers[1]);
        Assert.True(await leader.AnswersAsync("leader"), stack.Logs());
        Assert.False(await standby.AnswersAsync("leader"));
        var (runId, folder) = await stack.SubmitAsync("failover-kill", Queue);
        var standbyClient = stack.Client(standby);
        await RunWaits.FirstAsync(standbyClient, runId, e => e is TaskStarted { TaskId: "wait" });
        var acknowledged = await RunWaits.WatchToEndAsync(standbyClient, runId, follow: false);
        // The CLI given the standby's address follows the leader its refusal names.
        var followed = await TaskMasterCli.RunAsync(folder, "--server", standby.GrpcUrl.ToString(), "--token-file",
            stack.BrokerSettings["TASKMASTER_CONTROL__TOKENFILE"], "status", "--run", runId);
        Assert.True(followed.ExitCode == 0, followed.ToString());

        var takeover = Stopwatch.StartNew();
        await leader.KillAsync(cancel);
        var resumed = await RunWaits.FirstAsync(standbyClient, runId, e => e is RunStarted { ResumedFrom: not null });
        TestContext.Current.TestOutputHelper?.WriteLine($"the standby resumed the run {takeover.Elapsed.TotalSeconds:0.00} s after the leader was killed");
        Assert.True(await standby.AnswersAsync("leader"), stack.Logs());
        await File.WriteAllTextAsync(Path.Combine(folder, "release"), "", cancel);
        var events = await RunWaits.WatchToEndAsync(standbyClient, runId, seconds: 120);

        Assert.Equal(acknowledged.Select(Describe), events.Take(acknowledged.Count).Select(Describe));
        Assert.True(Assert.IsType<RunCompleted>(events[^1]).Succeeded, stack.Logs());
        Assert.Equal(["first", "wait", "last"], events.OfType<TaskSucceeded>().Select(s => s.TaskId));
        Assert.Contains(events, e => e is TaskStarted { TaskId: "wait" } && e.Sequence > resumed.Sequence);
        // The new leader answers the calls only a leader answers.
        var status = await standbyClient.GetStatusAsync(new GetStatusRequest { RunId = runId }, SchedulerClients.Within());
        Assert.Equal(runId, status.RunId);
        await AssertFencedAsync(stack, runId);
    }

    [Fact]
    public async Task LeaderPausedPastItsLease_TheStandbyTakesOver_TheWokenOneWritesNothingAcceptedAndStepsDown()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var redis = await RedisServer.StartAsync(servers.Root, $"redis-failover-{Guid.NewGuid():N}"[..24], cancel);
        await using var stack = new ClusterStack(servers, new ClusterStackServers(Redis: redis), schedulers: 2);
        await stack.InitializeAsync();
        var (leader, standby) = (stack.Schedulers[0], stack.Schedulers[1]);
        var (runId, folder) = await stack.SubmitAsync("failover-pause", Queue);
        var standbyClient = stack.Client(standby);
        await RunWaits.FirstAsync(standbyClient, runId, e => e is TaskStarted { TaskId: "wait" });
        var acknowledged = await RunWaits.WatchToEndAsync(standbyClient, runId, follow: false);

        leader.Pause();
        try
        {
            await RunWaits.FirstAsync(standbyClient, runId, e => e is RunStarted { ResumedFrom: not null });
            // The task the old leader dispatched ends while it is frozen: its result waits for whoever consumes.
            await File.WriteAllTextAsync(Path.Combine(folder, "release"), "", cancel);
        }
        finally
        {
            leader.Continue();
        }
        await Await.ConditionAsync(async () => await stack.Schedulers[0].AnswersAsync("readyz") && !await stack.Schedulers[0].AnswersAsync("leader"),
            Timeout, "the woken scheduler standing by", stack.Logs);
        var events = await RunWaits.WatchToEndAsync(standbyClient, runId, seconds: 120);

        Assert.True(leader.IsAlive);
        Assert.True(await standby.AnswersAsync("leader"), stack.Logs());
        Assert.Equal(acknowledged.Select(Describe), events.Take(acknowledged.Count).Select(Describe));
        Assert.True(Assert.IsType<RunCompleted>(events[^1]).Succeeded, stack.Logs());
        Assert.Equal(["first", "wait", "last"], events.OfType<TaskSucceeded>().Select(s => s.TaskId));
        var fence = await AssertFencedAsync(stack, runId);
        // Whatever the woken one tried to write was refused by the store, and it says so (log and metric).
        var log = await File.ReadAllTextAsync(Path.Combine(leader.Folder!, "service.log"), cancel);
        if (fence.Refused > 0) Assert.Contains("FENCED", log, StringComparison.Ordinal);
        Assert.Contains("STANDBY: this scheduler stepped down", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BothReplicasKilledAndStartedAgain_OneLeadsAndTheRunCompletesWithEveryAcknowledgedEventKept()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var redis = await RedisServer.StartAsync(servers.Root, $"redis-failover-{Guid.NewGuid():N}"[..24], cancel);
        await using var stack = new ClusterStack(servers, new ClusterStackServers(Redis: redis), schedulers: 2);
        await stack.InitializeAsync();
        var (runId, folder) = await stack.SubmitAsync("failover-both", Queue);
        var client = stack.Client(stack.Schedulers[1]);
        await RunWaits.FirstAsync(client, runId, e => e is TaskStarted { TaskId: "wait" });
        var acknowledged = await RunWaits.WatchToEndAsync(client, runId, follow: false);

        await Task.WhenAll(stack.Schedulers.Select(s => s.KillAsync(cancel)));
        await Task.WhenAll(stack.Schedulers.Select(s => s.StartAgainAsync(cancel)));
        var resumed = await RunWaits.FirstAsync(client, runId, e => e is RunStarted { ResumedFrom: not null });
        await File.WriteAllTextAsync(Path.Combine(folder, "release"), "", cancel);
        var events = await RunWaits.WatchToEndAsync(client, runId, seconds: 120);

        var leading = new List<bool>();
        foreach (var scheduler in stack.Schedulers) leading.Add(await scheduler.AnswersAsync("leader"));
        Assert.Single(leading, true);
        Assert.Equal(acknowledged.Select(Describe), events.Take(acknowledged.Count).Select(Describe));
        Assert.True(Assert.IsType<RunCompleted>(events[^1]).Succeeded, stack.Logs());
        Assert.Equal(["first", "wait", "last"], events.OfType<TaskSucceeded>().Select(s => s.TaskId));
        Assert.True(resumed.Sequence > acknowledged[^1].Sequence);
        await AssertFencedAsync(stack, runId);
    }

    /// <summary>
    /// The store's own record: each journal entry carries the fencing token of the writer it was accepted
    /// from; once a newer term has written, no entry of an older one follows (no stale write was accepted).
    /// </summary>
    private static async Task<(long Token, long Refused)> AssertFencedAsync(ClusterStack stack, string runId)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(stack.RedisEndpoint);
        var db = redis.GetDatabase();
        var tokens = (await db.StreamRangeAsync(RedisKeys.Events(runId))).Select(e => (long)e["f"]).ToList();
        var fence = await db.HashGetAllAsync(RedisKeys.Fence(runId));
        var token = (long)fence.Single(f => f.Name == "token").Value;
        var refused = fence.FirstOrDefault(f => f.Name == "refused").Value is { IsNull: false } count ? (long)count : 0;

        Assert.Equal(tokens.OrderBy(t => t), tokens);
        Assert.True(tokens.Distinct().Count() >= 2, $"one writer's tokens only: {string.Join(", ", tokens.Distinct())}");
        Assert.Equal(token, tokens[^1]);
        return (token, refused);
    }

    private static string Describe(RunEvent e) => $"{e.Sequence} {e.GetType().Name} {e.At:O}";
}
