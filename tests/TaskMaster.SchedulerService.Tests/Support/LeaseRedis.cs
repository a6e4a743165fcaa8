using StackExchange.Redis;
using TaskMaster.SchedulerService.Tests.Support;
using TaskMaster.Testing.Servers;

[assembly: AssemblyFixture(typeof(LeaseRedis))]

namespace TaskMaster.SchedulerService.Tests.Support;

/// <summary>
/// The assembly's real Redis (AOF <c>always</c>, as the cluster runs it), for the lease and fencing tests. The
/// lease is one key per database, so each test class that takes it uses a database of its own (<see cref="Database"/>).
/// </summary>
public sealed class LeaseRedis : IAsyncLifetime
{
    private readonly ServerRoot _root = new("ss");
    private RedisServer? _server;
    private readonly List<ConnectionMultiplexer> _connections = [];

    public string Endpoint => (_server ?? throw new InvalidOperationException("the Redis server did not start")).Endpoint;

    public async ValueTask InitializeAsync() => _server = await RedisServer.StartAsync(_root);

    /// <summary>A connection whose default database is <paramref name="database"/>, emptied first.</summary>
    public async Task<ConnectionMultiplexer> Database(int database)
    {
        var options = ConfigurationOptions.Parse($"{Endpoint},defaultDatabase={database},allowAdmin=true");
        var connection = await ConnectionMultiplexer.ConnectAsync(options);
        lock (_connections) _connections.Add(connection);
        await connection.GetDatabase().ExecuteAsync("FLUSHDB");
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections) await connection.DisposeAsync();
        if (_server is not null) await _server.DisposeAsync();
        await _root.DisposeAsync();
    }
}
