using TaskMaster.Testing.Servers;

namespace TaskMaster.IntegrationTests.Fixtures;

/// <summary>
/// One real server for the whole assembly, started before its first test and stopped after its
/// last. <see cref="Root"/> is where a test starts a private instance of its own (one it crashes
/// or restarts, which the shared one must not be).
/// </summary>
public abstract class ServerFixture<TServer> : IAsyncLifetime
    where TServer : RealServer
{
    private TServer? _server;

    protected ServerFixture(string name) => Root = new ServerRoot(name);

    public ServerRoot Root { get; }

    public TServer Server => _server ?? throw new InvalidOperationException($"{GetType().Name} is not started");

    protected abstract Task<TServer> StartAsync(ServerRoot root);

    public async ValueTask InitializeAsync() => _server = await StartAsync(Root);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        await Root.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
