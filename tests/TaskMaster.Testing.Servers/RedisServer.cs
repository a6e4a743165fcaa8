using StackExchange.Redis;
using Testcontainers.Redis;

namespace TaskMaster.Testing.Servers;

/// <summary>
/// Redis 7, durable as the scheduler's journal needs it: AOF with <c>appendfsync always</c> (an
/// XADD is in the AOF when it returns), no RDB snapshots. Local (scripts/servers/redis.sh) or a container.
/// </summary>
public sealed class RedisServer : RealServer
{
    private static readonly string[] DurableOptions = ["--appendonly", "yes", "--appendfsync", "always", "--save", ""];

    private RedisServer(ServerScript script)
        : base(script) => Endpoint = script["REDIS_ENDPOINT"];

    private RedisServer(RedisContainer container, int port)
        : base(container) => Endpoint = $"127.0.0.1:{port}";

    /// <summary>host:port, as StackExchange.Redis takes it.</summary>
    public string Endpoint { get; }

    /// <summary>As a container where a Docker engine answers (<see cref="ContainerEngine.Default"/>), else from the local binaries.</summary>
    public static async Task<RedisServer> StartAsync(ServerRoot root, string instance = "redis", CancellationToken cancellationToken = default)
    {
        if (ContainerEngine.Default is { } engine)
        {
            return await StartAsync(engine, cancellationToken);
        }
        var script = root.Script("redis", instance);
        await script.StartAsync(cancellationToken: cancellationToken);
        return new RedisServer(script);
    }

    /// <summary>As a container (image <c>redis:7.0</c>) on <paramref name="engine"/>.</summary>
    public static async Task<RedisServer> StartAsync(ContainerEngine engine, CancellationToken cancellationToken = default)
    {
        var port = ContainerEngine.FreePort();
        var container = engine.Configure(new RedisBuilder("redis:7.0").WithPortBinding(port, RedisBuilder.RedisPort).WithCommand(DurableOptions)).Build();
        await container.StartAsync(cancellationToken);
        return new RedisServer(container, port);
    }

    /// <summary>A client that rides out the server's restarts (it reconnects instead of failing).</summary>
    public Task<ConnectionMultiplexer> ConnectAsync() =>
        ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions { EndPoints = { Endpoint }, AbortOnConnectFail = false });

    /// <summary>Ends the server as a crash would (SIGKILL) and starts it again on its data and port.</summary>
    public Task CrashAndStartAsync(CancellationToken cancellationToken = default) => StopAndStartAsync(crash: true, cancellationToken);
}
