using TaskMaster.IntegrationTests.Fixtures;
using TaskMaster.IntegrationTests.RabbitMq;
using TaskMaster.Testing.Servers;

namespace TaskMaster.IntegrationTests.Containers;

/// <summary>
/// RabbitMQ through the Testcontainers path where no Docker engine runs: the locally built
/// rabbitmq:3.10-management (never pulled) on a private podman's Docker API, passing the check
/// the local broker passes.
/// </summary>
public sealed class PodmanRabbitMqTests(Servers servers)
{
    [Fact]
    public async Task RabbitMq_InAPodmanContainer_DeliversFromAQuorumQueueWithItsManagementApi()
    {
        await using var podman = await PodmanServer.StartAsync(servers.Root, ["rabbitmq"], $"podman-{Guid.NewGuid():N}"[..15]);
        await using var broker = await RabbitMqServer.StartAsync(podman.Engine);

        Assert.Null(broker.Folder);
        await MassTransitRabbitMqTests.AssertConsumedFromAQuorumQueueAsync(broker);
    }
}
