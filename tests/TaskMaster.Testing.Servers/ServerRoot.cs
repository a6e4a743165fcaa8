namespace TaskMaster.Testing.Servers;

/// <summary>
/// The private folder a test assembly's servers live in (one sub-folder each, under the temp
/// directory), and the servers started in it: all stopped when it is disposed, and killed if the
/// process exits without disposing it, so no server outlives its tests. The folder is deleted
/// then, unless TASKMASTER_KEEP_SERVERS=1 asks to keep its logs and data.
/// </summary>
public sealed class ServerRoot : IAsyncDisposable
{
    private readonly List<ServerScript> _scripts = [];
    private readonly Lock _gate = new();

    /// <param name="name">short: Ceph's admin sockets live below it, and a socket's path has at most 107 bytes.</param>
    public ServerRoot(string name)
    {
        Folder = Path.Combine(Path.GetTempPath(), "taskmaster-servers", $"{name}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(Folder);
        AppDomain.CurrentDomain.ProcessExit += KillAllOnExit;
    }

    public string Folder { get; }

    /// <summary>A server run by scripts/servers/<paramref name="server"/>.sh in a folder of its own here.</summary>
    public ServerScript Script(string server, string? instance = null)
    {
        var script = new ServerScript(server, Path.Combine(Folder, instance ?? server));
        lock (_gate)
        {
            if (_scripts.Any(known => known.Directory == script.Directory))
            {
                throw new InvalidOperationException($"{script.Directory} is taken: name this instance");
            }
            _scripts.Add(script);
        }
        return script;
    }

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= KillAllOnExit;
        ServerScript[] scripts;
        lock (_gate)
        {
            scripts = [.. _scripts];
        }
        await Task.WhenAll(scripts.Select(script => script.StopAsync()));
        if (Environment.GetEnvironmentVariable("TASKMASTER_KEEP_SERVERS") != "1")
        {
            Directory.Delete(Folder, recursive: true);
        }
    }

    private void KillAllOnExit(object? sender, EventArgs e)
    {
        lock (_gate)
        {
            foreach (var script in _scripts)
            {
                try
                {
                    script.KillAsync().GetAwaiter().GetResult();
                }
                catch (ServerStartException)
                {
                    // Best effort on the way out: the next server is still worth killing.
                }
            }
        }
    }
}
