using System.Net.Http.Json;
using System.Text.Json;
using TaskMaster.IntegrationTests.Fixtures;
using TaskMaster.Testing.Servers;

namespace TaskMaster.IntegrationTests.RabbitMq;

/// <summary>MassTransit 8.5 on a real RabbitMQ 3.10, as the scheduler and workers will use it: quorum queues, and a broker that restarts.</summary>
public sealed class MassTransitRabbitMqTests(Servers servers)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public Task Publish_ToAConsumerOnAQuorumQueue_IsConsumed() => AssertConsumedFromAQuorumQueueAsync(servers.RabbitMq);

    /// <summary>A Ping published on <paramref name="broker"/> is consumed from a quorum queue (the check a broker in a container passes too).</summary>
    internal static async Task AssertConsumedFromAQuorumQueueAsync(RabbitMqServer broker)
    {
        var catcher = new PingCatcher($"smoke-{Guid.NewGuid():N}");
        var bus = broker.CreateBus(catcher.Configure);
        await bus.StartAsync(new CancellationTokenSource(Timeout).Token);
        try
        {
            var ping = new Ping(Guid.NewGuid(), "hello");

            await bus.Publish(ping);

            Assert.Equal(ping, await catcher.ConsumedAsync(ping.Id, Timeout, broker));
            using var management = broker.CreateManagementClient();
            var queue = await management.GetFromJsonAsync<JsonElement>($"api/queues/%2F/{catcher.Queue}");
            Assert.Equal("quorum", queue.GetProperty("type").GetString());
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    [Fact]
    public async Task Publish_AfterTheBrokerRestarted_IsConsumedByTheReconnectedBus()
    {
        await using var broker = await RabbitMqServer.StartAsync(servers.Root, "rabbitmq-restart");
        var catcher = new PingCatcher("restart");
        var bus = broker.CreateBus(catcher.Configure);
        await bus.StartAsync(new CancellationTokenSource(Timeout).Token);
        try
        {
            var before = new Ping(Guid.NewGuid(), "before");
            await bus.Publish(before);
            await catcher.ConsumedAsync(before.Id, Timeout, broker);

            await broker.RestartAsync();
            var after = new Ping(Guid.NewGuid(), "after");
            // Publishing waits for the bus's connection to come back (MassTransit retries it).
            await bus.Publish(after, new CancellationTokenSource(Timeout).Token);

            Assert.Equal(after, await catcher.ConsumedAsync(after.Id, Timeout, broker));
        }
        finally
        {
            await bus.StopAsync();
        }
    }
}
