using TaskMaster.IntegrationTests.Fixtures;
using TaskMaster.Testing.Servers;

[assembly: AssemblyFixture(typeof(RedisFixture))]
[assembly: AssemblyFixture(typeof(RabbitMqFixture))]
[assembly: AssemblyFixture(typeof(S3rverFixture))]
[assembly: AssemblyFixture(typeof(RgwFixture))]
[assembly: AssemblyFixture(typeof(PrometheusFixture))]
[assembly: AssemblyFixture(typeof(AlertmanagerFixture))]

namespace TaskMaster.IntegrationTests.Fixtures;

public sealed class RedisFixture() : ServerFixture<RedisServer>("redis")
{
    protected override Task<RedisServer> StartAsync(ServerRoot root) => RedisServer.StartAsync(root);
}

public sealed class RabbitMqFixture() : ServerFixture<RabbitMqServer>("rabbitmq")
{
    protected override Task<RabbitMqServer> StartAsync(ServerRoot root) => RabbitMqServer.StartAsync(root);
}

public sealed class S3rverFixture() : ServerFixture<S3Server>("s3rver")
{
    protected override Task<S3Server> StartAsync(ServerRoot root) => S3Server.StartAsync(root, S3ServerKind.S3rver);
}

public sealed class RgwFixture() : ServerFixture<S3Server>("rgw")
{
    protected override Task<S3Server> StartAsync(ServerRoot root) => S3Server.StartAsync(root, S3ServerKind.Rgw);
}

public sealed class PrometheusFixture() : ServerFixture<PrometheusServer>("prometheus")
{
    protected override Task<PrometheusServer> StartAsync(ServerRoot root) => PrometheusServer.StartAsync(root);
}

public sealed class AlertmanagerFixture() : ServerFixture<AlertmanagerServer>("alertmanager")
{
    protected override Task<AlertmanagerServer> StartAsync(ServerRoot root) => AlertmanagerServer.StartAsync(root);
}
