using TaskMaster.Core.Events;
using TaskMaster.IntegrationTests.Fixtures;
using TaskMaster.IntegrationTests.Messaging;
using TaskMaster.SchedulerService.Tests.Support;
using TaskMaster.Testing.Servers;

namespace TaskMaster.IntegrationTests.Cluster;

/// <summary>The scheduler service started again while the stack's Redis (a server of the test's own) is down.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SchedulerStartTests(Servers servers)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private const string Queue = """
        # Queue: scheduler-start

        ### hold: Runs until the test lets it end
        - run: `touch started; while [ ! -f release ]; do sleep 0.1; done`

        ### after: After it
        - depends: hold
        - run: `true`
        """;

    [Fact]
    public async Task Scheduler_StartedWhileRedisIsDown_IsAliveButNotReady_AndResumesItsRunOnceRedisAnswers()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var redis = await RedisServer.StartAsync(servers.Root, $"redis-start-{Guid.NewGuid():N}"[..20], cancel);
        await using var stack = new ClusterStack(servers, new ClusterStackServers(Redis: redis));
        await stack.InitializeAsync();
        var (runId, folder) = await stack.SubmitAsync("scheduler-start", Queue);
        var client = stack.Client();
        await Await.FileAsync(Path.Combine(folder, "started"), Timeout, stack.Logs);
        await RunWaits.FirstAsync(client, runId, e => e is CheckpointTaken);

        await stack.Scheduler.KillAsync(cancel);
        await redis.StopAsync(cancel);
        await stack.Scheduler.StartAgainLiveAsync(cancel);
        var log = Path.Combine(stack.Scheduler.Folder!, "service.log");
        // Its try to take the lease (and so to resume its runs) has been refused by the missing Redis, and the process lives on.
        await Await.ConditionAsync(() => File.ReadAllText(log).Contains("The lease could not be read or taken", StringComparison.Ordinal), Timeout, stack.Logs);
        var readyWithoutRedis = await stack.Scheduler.AnswersAsync();
        var aliveWithoutRedis = stack.Scheduler.IsAlive && await stack.Scheduler.AnswersAsync("healthz");
        await redis.StartAgainAsync(cancel);
        await Await.ConditionAsync(() => stack.Scheduler.AnswersAsync(), Timeout, "the scheduler's /readyz once Redis is back", stack.Logs);
        var resumed = await RunWaits.FirstAsync(client, runId, e => e is RunStarted { ResumedFrom: not null });
        await File.WriteAllTextAsync(Path.Combine(folder, "release"), "", cancel);
        var events = await RunWaits.WatchToEndAsync(client, runId, seconds: 120);

        Assert.False(readyWithoutRedis);
        Assert.True(aliveWithoutRedis, stack.Logs());
        Assert.NotNull(((RunStarted)resumed).ResumedFrom);
        Assert.True(Assert.IsType<RunCompleted>(events[^1]).Succeeded);
        Assert.Equal(["hold", "after"], events.OfType<TaskSucceeded>().Select(s => s.TaskId));
    }
}
