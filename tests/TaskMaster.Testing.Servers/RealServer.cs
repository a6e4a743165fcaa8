using DotNet.Testcontainers.Containers;

namespace TaskMaster.Testing.Servers;

/// <summary>A server a test stands on: run by its script here, or a container where a Docker engine answers.</summary>
public abstract class RealServer : IAsyncDisposable
{
    private readonly ServerScript? _script;
    private readonly IContainer? _container;

    protected RealServer(ServerScript script) => _script = script;

    protected RealServer(IContainer container) => _container = container;

    /// <summary>The local server's folder (env, pids, logs, data); null for a container.</summary>
    public string? Folder => _script?.Directory;

    /// <summary>The last lines of the server's logs, for a failing test's message.</summary>
    public string LogTail() => _script?.LogTail() ?? $"(container {_container!.Name}: see `docker logs {_container.Id}`)";

    /// <summary>Ends the server (a crash's SIGKILL, or a clean stop) and starts it again on its data and ports.</summary>
    protected async Task StopAndStartAsync(bool crash, CancellationToken cancellationToken)
    {
        // Testcontainers cannot send SIGKILL: a container's crash is a stop.
        if (crash && _script is not null) await _script.KillAsync(cancellationToken);
        else await StopAsync(cancellationToken);
        await StartAgainAsync(cancellationToken);
    }

    /// <summary>
    /// Stops the server cleanly (SIGTERM, awaited: a service's graceful shutdown) and leaves it down, an
    /// outage; its data and ports stay for <see cref="StartAgainAsync"/>.
    /// </summary>
    public Task StopAsync(CancellationToken cancellationToken = default) =>
        _script is not null ? _script.StopAsync(cancellationToken) : _container!.StopAsync(cancellationToken);

    /// <summary>Starts the server again after a stop or a crash, on its data and ports; returns once it serves.</summary>
    public Task StartAgainAsync(CancellationToken cancellationToken = default) =>
        _script is not null ? _script.StartAsync(cancellationToken: cancellationToken) : _container!.StartAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_script is not null)
        {
            await _script.StopAsync();
        }
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
        await DisposeCompanionsAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>What a server keeps beside it in the test process (a webhook receiver), ended after the server.</summary>
    protected virtual ValueTask DisposeCompanionsAsync() => ValueTask.CompletedTask;
}
