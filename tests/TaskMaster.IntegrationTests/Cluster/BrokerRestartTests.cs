using TaskMaster.Contracts.Scheduler.V1;
using TaskMaster.Core.Events;
using TaskMaster.IntegrationTests.Fixtures;
using TaskMaster.IntegrationTests.Messaging;
using TaskMaster.SchedulerService.Tests.Support;
using TaskMaster.Testing.Servers;
using TaskStarted = TaskMaster.Core.Events.TaskStarted;

namespace TaskMaster.IntegrationTests.Cluster;

/// <summary>The whole stack on a broker of the test's own, which it restarts: the shared one never is.</summary>
[Collection(ClusterCollection.Name)]
public sealed class BrokerRestartTests(Servers servers)
{
    // The first task runs across the restart; the second is dispatched after it.
    private const string Queue = """
        # Queue: broker-restart

        ### hold: Runs across the restart
        - run: `touch started; while [ ! -f release ]; do sleep 0.1; done`

        ### after: Dispatched after the restart
        - depends: hold
        - run: `true`
        """;

    [Fact]
    public async Task Broker_RestartedMidRun_TheServicesReconnectAndTheRunCompletesWithTheAttemptItHad()
    {
        await using var broker = await RabbitMqServer.StartAsync(servers.Root, "rabbitmq-cluster-restart", cancellationToken: TestContext.Current.CancellationToken);
        await using var stack = new ClusterStack(servers, broker);
        await stack.InitializeAsync();
        var (text, path) = stack.Queue("broker-restart", Queue);
        var folder = Path.GetDirectoryName(path)!;
        var client = stack.Client();
        var runId = (await client.SubmitRunAsync(new SubmitRunRequest { QueueText = text, QueuePath = path }, SchedulerClients.Within())).RunId;
        await Await.FileAsync(Path.Combine(folder, "started"), TimeSpan.FromSeconds(60), stack.Logs);

        await broker.RestartAsync(TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(folder, "release"), "", TestContext.Current.CancellationToken);
        var events = await RunWaits.WatchToEndAsync(client, runId, seconds: 180);

        Assert.True(Assert.IsType<RunCompleted>(events[^1]).Succeeded);
        Assert.Equal(["hold", "after"], events.OfType<TaskSucceeded>().Select(s => s.TaskId));
        Assert.Equal(["hold 1", "after 1"], events.OfType<TaskStarted>().Select(s => $"{s.TaskId} {s.Attempt}"));
    }
}
