using TaskMaster.IntegrationTests.Fixtures;
using TaskMaster.IntegrationTests.Services;
using TaskMaster.Testing.Servers;

namespace TaskMaster.IntegrationTests.Hostile;

/// <summary>
/// One process of each service for a test class that only sends it bad input (scheduler, worker,
/// checkpoint, monitor, each started on first use, as scripts/dev-up.sh runs it), over the assembly's
/// servers, with a token and RabbitMQ prefix of their own: a hostile call changes nothing another test sees.
/// </summary>
public sealed class HostileServices(Servers servers) : IAsyncDisposable
{
    private readonly ServerRoot _root = new("hostile");
    private readonly Dictionary<string, Task<ServiceProcess>> _started = [];

    public string Token { get; } = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>The services' RabbitMQ prefix: their queues are theirs alone.</summary>
    public string Prefix { get; } = $"hostile-{Guid.NewGuid():N}"[..20];

    public string Folder => _root.Folder;

    public Task<ServiceProcess> StartedAsync(string name)
    {
        lock (_started)
        {
            if (!_started.TryGetValue(name, out var started)) _started[name] = started = StartAsync(name);
            return started;
        }
    }

    private Task<ServiceProcess> StartAsync(string name)
    {
        var secrets = Path.Combine(_root.Folder, $"{name}-secrets");
        Directory.CreateDirectory(secrets);
        var tokenFile = Path.Combine(secrets, "token");
        Core.Storage.PrivateFiles.WriteAllText(tokenFile, Token);
        var settings = ServiceSettings.For(servers, tokenFile, new Dictionary<string, string>
        {
            ["TASKMASTER_RABBITMQ__PREFIX"] = Prefix,
            ["TASKMASTER_S3__BUCKET"] = $"hostile-{Guid.NewGuid():N}"[..30],
            ["TASKMASTER_WORKER__ID"] = "hostile-worker",
            ["TASKMASTER_WORKER__HOME"] = Path.Combine(_root.Folder, "worker-home"),
            ["TASKMASTER_MONITOR__DATADIRECTORY"] = Path.Combine(_root.Folder, "monitor-data"),
            ["TASKMASTER_MONITOR__CATALOGINTERVAL"] = "00:00:00.100",
        });
        return ServiceProcess.StartAsync(_root, name, settings);
    }

    public async ValueTask DisposeAsync() => await _root.DisposeAsync();
}
