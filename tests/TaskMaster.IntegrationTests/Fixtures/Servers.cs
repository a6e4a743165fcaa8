using TaskMaster.IntegrationTests.Fixtures;
using TaskMaster.Testing.Servers;

[assembly: AssemblyFixture(typeof(Servers))]

namespace TaskMaster.IntegrationTests.Fixtures;

/// <summary>
/// The assembly's real servers, started together before its first test (RabbitMQ and RGW take
/// seconds each: side by side they cost the slowest one, not the sum) and stopped after its last.
/// <see cref="Root"/> is where a test starts a private instance of its own: one it crashes or
/// restarts, which the shared ones must never be.
/// </summary>
public sealed class Servers : IAsyncLifetime
{
    private readonly List<RealServer> _started = [];
    private RedisServer? _redis;
    private RabbitMqServer? _rabbitMq;
    private S3Server? _s3rver;
    private S3Server? _rgw;
    private PrometheusServer? _prometheus;
    private AlertmanagerServer? _alertmanager;
    private int _redisDatabasesGiven;

    public ServerRoot Root { get; } = new("it");

    public RedisServer Redis => Started(_redis);

    /// <summary>
    /// <see cref="Redis"/> with a database of the caller's own (1 to 15; 0 is every other test's): a
    /// cluster-mode scheduler resumes every unfinished run its database lists, so no two may share one.
    /// </summary>
    /// <exception cref="InvalidOperationException">The server's 15 databases are given out.</exception>
    public string OwnRedisEndpoint()
    {
        var database = Interlocked.Increment(ref _redisDatabasesGiven);
        return database <= 15
            ? $"{Redis.Endpoint},defaultDatabase={database}"
            : throw new InvalidOperationException("the shared Redis has no database left to give: start a RedisServer of the test's own");
    }

    public RabbitMqServer RabbitMq => Started(_rabbitMq);

    /// <summary>The quick S3 server: put, get, list, delete only.</summary>
    public S3Server S3rver => Started(_s3rver);

    /// <summary>The S3 server with versioning and conditional writes.</summary>
    public S3Server Rgw => Started(_rgw);

    public PrometheusServer Prometheus => Started(_prometheus);

    public AlertmanagerServer Alertmanager => Started(_alertmanager);

    public async ValueTask InitializeAsync()
    {
        await Task.WhenAll(
            Start(async () => _redis = await RedisServer.StartAsync(Root)),
            Start(async () => _rabbitMq = await RabbitMqServer.StartAsync(Root)),
            Start(async () => _s3rver = await S3Server.StartAsync(Root, S3ServerKind.S3rver)),
            Start(async () => _rgw = await S3Server.StartAsync(Root, S3ServerKind.Rgw)),
            Start(async () => _prometheus = await PrometheusServer.StartAsync(Root)),
            Start(async () => _alertmanager = await AlertmanagerServer.StartAsync(Root)));
    }

    public async ValueTask DisposeAsync()
    {
        RealServer[] started;
        lock (_started)
        {
            started = [.. _started];
        }
        foreach (var server in started)
        {
            await server.DisposeAsync();
        }
        await Root.DisposeAsync();
    }

    // Each server is listed as soon as it serves, so one that fails to start leaves none running.
    private async Task Start<TServer>(Func<Task<TServer>> start)
        where TServer : RealServer
    {
        var server = await start();
        lock (_started)
        {
            _started.Add(server);
        }
    }

    private static TServer Started<TServer>(TServer? server)
        where TServer : RealServer =>
        server ?? throw new InvalidOperationException($"the {typeof(TServer).Name} did not start: see the assembly fixture's failure");
}
