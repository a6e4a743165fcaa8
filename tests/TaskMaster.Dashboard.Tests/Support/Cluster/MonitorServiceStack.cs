using StackExchange.Redis;
using TaskMaster.Testing.Servers;

namespace TaskMaster.Dashboard.Tests.Support.Cluster;

/// <summary>
/// The monitor service as the real process scripts/dev-up.sh runs (from its build output), over a
/// real Redis and RabbitMQ started by the same scripts: once for the class that uses it. Runs are
/// put in its Redis as the scheduler service puts them (<see cref="RedisRun"/>).
/// </summary>
public sealed class MonitorServiceStack : IAsyncLifetime
{
    private readonly ServerRoot _root = new("dash");
    private RedisServer? _redis;
    private RabbitMqServer? _rabbitMq;

    public ServiceProcess Service { get; private set; } = null!;

    public ConnectionMultiplexer Redis { get; private set; } = null!;

    /// <summary>Where a test keeps its queues (the shared volume the service reads them from).</summary>
    public string Folder => _root.Folder;

    public async ValueTask InitializeAsync()
    {
        var redis = RedisServer.StartAsync(_root);
        var rabbitMq = RabbitMqServer.StartAsync(_root);
        (_redis, _rabbitMq) = (await redis, await rabbitMq);
        Redis = await _redis.ConnectAsync();
        Service = await ServiceProcess.StartAsync(_root, "monitor", new Dictionary<string, string>
        {
            ["TASKMASTER_REDIS__ENDPOINT"] = _redis.Endpoint,
            ["TASKMASTER_RABBITMQ__URI"] = _rabbitMq.AmqpUri.ToString(),
            ["TASKMASTER_CONTROL__TOKEN"] = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["TASKMASTER_MONITOR__CATALOGINTERVAL"] = "00:00:00.100",
            ["TASKMASTER_MONITOR__DATADIRECTORY"] = Path.Combine(_root.Folder, "monitor-data"),
        });
    }

    /// <summary>A run's page on the service.</summary>
    public Uri RunPage(string runId) => new(Service.HttpUrl, $"/runs/{Uri.EscapeDataString(runId)}/");

    public async ValueTask DisposeAsync()
    {
        if (Redis is not null) await Redis.DisposeAsync();
        // The root stops everything it started.
        await _root.DisposeAsync();
    }
}
