using TaskMaster.IntegrationTests.Fixtures;
using TaskMaster.IntegrationTests.Services;
using TaskMaster.Testing.Servers;

namespace TaskMaster.IntegrationTests.Hostile;

/// <summary>
/// One process of each service for a test class that only sends it bad input (scheduler, worker,
/// checkpoint, monitor, each started on first use, as scripts/dev-up.sh runs it: the scheduler in cluster
/// mode, on the checkpoint service), over the assembly's servers, with a token, RabbitMQ prefix and Redis
/// database of their own: a hostile call changes nothing another test sees.
/// </summary>
public sealed class HostileServices(Servers servers) : IAsyncDisposable
{
    private readonly ServerRoot _root = new("hostile");
    private readonly Dictionary<string, Task<ServiceProcess>> _started = [];

    public string Token { get; } = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>The services' RabbitMQ prefix: their queues are theirs alone.</summary>
    public string Prefix { get; } = $"hostile-{Guid.NewGuid():N}"[..20];

    public string Folder => _root.Folder;

    /// <summary>The services' Redis: the shared server, a database of their own.</summary>
    public string RedisEndpoint { get; } = servers.OwnRedisEndpoint();

    /// <summary>The worker's home (<c>TASKMASTER_HOME</c> of what it runs, where it places state files).</summary>
    public string WorkerHome => Path.Combine(_root.Folder, "worker-home");

    public Task<ServiceProcess> StartedAsync(string name)
    {
        lock (_started)
        {
            if (!_started.TryGetValue(name, out var started)) _started[name] = started = StartAsync(name);
            return started;
        }
    }

    private async Task<ServiceProcess> StartAsync(string name)
    {
        // The scheduler's runs in the cluster's stores and on its workers, as deployed: a hostile message meets
        // the scheduler queue's consumer (the local adapters run attempts as processes and consume no queue).
        var cluster = name == "scheduler"
            ? new Dictionary<string, string>
            {
                ["TASKMASTER_SCHEDULER__ADAPTERS"] = "cluster",
                ["TASKMASTER_SCHEDULER__STATEDIRECTORY"] = Path.Combine(_root.Folder, "scheduler-state"),
                ["TASKMASTER_CHECKPOINT__URL"] = (await StartedAsync("checkpoint")).GrpcUrl.ToString(),
            }
            : [];
        var secrets = Path.Combine(_root.Folder, $"{name}-secrets");
        Directory.CreateDirectory(secrets);
        var tokenFile = Path.Combine(secrets, "token");
        Core.Storage.PrivateFiles.WriteAllText(tokenFile, Token);
        var settings = ServiceSettings.For(servers, tokenFile, new Dictionary<string, string>(cluster)
        {
            ["TASKMASTER_REDIS__ENDPOINT"] = RedisEndpoint,
            ["TASKMASTER_RABBITMQ__PREFIX"] = Prefix,
            ["TASKMASTER_S3__BUCKET"] = $"hostile-{Guid.NewGuid():N}"[..30],
            ["TASKMASTER_WORKER__ID"] = "hostile-worker",
            ["TASKMASTER_WORKER__HOME"] = WorkerHome,
            ["TASKMASTER_MONITOR__DATADIRECTORY"] = Path.Combine(_root.Folder, "monitor-data"),
            ["TASKMASTER_MONITOR__CATALOGINTERVAL"] = "00:00:00.100",
        });
        return await ServiceProcess.StartAsync(_root, name, settings);
    }

    public async ValueTask DisposeAsync() => await _root.DisposeAsync();
}
