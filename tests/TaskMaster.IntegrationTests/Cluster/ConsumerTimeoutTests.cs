using TaskMaster.Core.Events;
using TaskMaster.IntegrationTests.Fixtures;
using TaskMaster.SchedulerService.Tests.Support;
using TaskMaster.Testing.Servers;
using TaskStarted = TaskMaster.Core.Events.TaskStarted;

namespace TaskMaster.IntegrationTests.Cluster;

/// <summary>The whole stack on a broker of the test's own whose consumer timeout is a few seconds.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ConsumerTimeoutTests(Servers servers)
{
    private static readonly TimeSpan ConsumerTimeout = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Task_LongerThanTheBrokersConsumerTimeout_SubmittedToTheScheduler_CompletesExactlyOnce()
    {
        await using var broker = await RabbitMqServer.StartAsync(servers.Root, $"rabbitmq-ct-{Guid.NewGuid():N}"[..20], ConsumerTimeout, TestContext.Current.CancellationToken);
        await using var stack = new ClusterStack(servers, broker);
        await stack.InitializeAsync();
        // Three consumer timeouts: a delivery held unacknowledged that long would have its channel closed and be delivered again.
        var (runId, folder) = await stack.SubmitAsync("consumer-timeout", $"""
            # Queue: consumer-timeout

            ### long: Outlives the consumer timeout
            - run: `echo run >> runs; sleep {ConsumerTimeout.TotalSeconds * 3}`
            """);

        var events = await RunWaits.WatchToEndAsync(stack.Client(), runId, seconds: 120);

        Assert.True(Assert.IsType<RunCompleted>(events[^1]).Succeeded);
        Assert.Equal(["long 1"], events.OfType<TaskStarted>().Select(s => $"{s.TaskId} {s.Attempt}"));
        Assert.Equal(["long"], events.OfType<TaskSucceeded>().Select(s => s.TaskId));
        Assert.Equal(["run"], File.ReadAllLines(Path.Combine(folder, "runs")));
    }
}
