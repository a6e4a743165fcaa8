using MassTransit;
using TaskMaster.IntegrationTests.Fixtures;
using TaskMaster.Testing.Servers;

namespace TaskMaster.IntegrationTests.Messaging;

/// <summary>Attempts on a broker of the test's own: one whose consumer timeout is seconds, one restarted mid-run.</summary>
public sealed class PrivateBrokerTests(Servers servers)
{
    private static readonly TimeSpan Timeout = Timeouts.Long;
    private static readonly TimeSpan ConsumerTimeout = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Task_LongerThanTheBrokersConsumerTimeout_CompletesExactlyOnce()
    {
        await using var broker = await RabbitMqServer.StartAsync(servers.Root, "rabbitmq-consumer-timeout", ConsumerTimeout);
        await AssertTheBrokerTakesBackADeliveryHeldPastItsTimeoutAsync(broker);
        await using var cluster = await BrokerCluster.StartAsync(broker);
        await cluster.AddWorkerAsync("w1", concurrency: 1);
        var runId = "run-" + Guid.NewGuid().ToString("N")[..10];
        await using var executor = cluster.CreateExecutor(runId);
        var reporter = new RecordingReporter();
        var starts = Path.Combine(cluster.Folder, "starts");

        executor.Start(cluster.Launch(runId, "long", $"echo started >> '{starts}'; sleep {ConsumerTimeout.TotalSeconds * 3}", index: 0), reporter);
        var result = await reporter.NextCompletionAsync(Timeout, cluster.Log.Tail() + broker.LogTail());
        // Behind it in the queue: a redelivery of the long one would have come first.
        executor.Start(cluster.Launch(runId, "after", "true", index: 1), reporter);
        var after = await reporter.NextCompletionAsync(Timeout);

        Assert.True(result.Succeeded, result.Reason);
        Assert.True(after.Succeeded, after.Reason);
        Assert.Equal(["started"], File.ReadAllLines(starts));
        Assert.Equal(2, reporter.Completions.Count);
    }

    [Fact]
    public async Task Broker_RestartedMidRun_PublishersAndConsumersReconnectAndTheAttemptsComplete()
    {
        await using var broker = await RabbitMqServer.StartAsync(servers.Root, "rabbitmq-restart-run");
        await using var cluster = await BrokerCluster.StartAsync(broker);
        await cluster.AddWorkerAsync("w1", concurrency: 2);
        var runId = "run-" + Guid.NewGuid().ToString("N")[..10];
        await using var executor = cluster.CreateExecutor(runId);
        var reporter = new RecordingReporter();
        string[] started = [Path.Combine(cluster.Folder, "started-0"), Path.Combine(cluster.Folder, "started-1")];
        var starts = Path.Combine(cluster.Folder, "starts");

        for (var i = 0; i < 2; i++)
            executor.Start(cluster.Launch(runId, $"t{i}", $"echo t{i} >> '{starts}'; touch '{started[i]}'; sleep 3", index: i), reporter);
        foreach (var path in started) await Await.FileAsync(path, Timeout, () => cluster.Log.Tail());
        await broker.RestartAsync();
        var during = new[] { await reporter.NextCompletionAsync(Timeout, cluster.Log.Tail()), await reporter.NextCompletionAsync(Timeout, cluster.Log.Tail()) };
        executor.Start(cluster.Launch(runId, "t2", $"echo t2 >> '{starts}'", index: 2), reporter);
        var after = await reporter.NextCompletionAsync(Timeout, cluster.Log.Tail());

        Assert.All(during, r => Assert.True(r.Succeeded, r.Reason));
        Assert.True(after.Succeeded, after.Reason);
        Assert.Equal(["t0", "t1", "t2"], File.ReadAllLines(starts).Order());
        Assert.Equal(3, reporter.Completions.Count);
    }

    /// <summary>The control: a consumer that held a delivery until its end would lose it to the broker, and see it again.</summary>
    private static async Task AssertTheBrokerTakesBackADeliveryHeldPastItsTimeoutAsync(RabbitMqServer broker)
    {
        var redelivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var queue = "naive-" + Guid.NewGuid().ToString("N")[..8];
        var bus = broker.CreateBus(rabbit => rabbit.ReceiveEndpoint(queue, endpoint =>
        {
            endpoint.ConcurrentMessageLimit = 2;
            endpoint.Handler<NaiveLongTask>(async context =>
            {
                if (context.ReceiveContext.Redelivered)
                {
                    redelivered.TrySetResult();
                    return;
                }
                // A task three times the timeout long, its delivery acknowledged only at its end.
                await Task.Delay(ConsumerTimeout * 3);
            });
        }));
        await bus.StartAsync(Timeouts.Cancel());
        try
        {
            await (await bus.GetSendEndpoint(new Uri($"queue:{queue}"))).Send(new NaiveLongTask(Guid.NewGuid()));
            await redelivered.Task.WaitAsync(Timeout);
        }
        finally
        {
            await bus.StopAsync();
        }
    }
}

public sealed record NaiveLongTask(Guid Id);
