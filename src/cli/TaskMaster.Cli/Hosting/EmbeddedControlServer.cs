using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TaskMaster.Core.Scheduling;
using TaskMaster.Embedded;
using TaskMaster.Embedded.Scheduler;
using TaskMaster.LocalHome;
using TaskMaster.Scheduler;
using TaskMaster.Scheduler.Control;
using TaskMaster.ServiceDefaults.Grpc;

namespace TaskMaster.Cli.Hosting;

/// <summary>
/// The control API of an embedded executor, on a Unix socket in its home (mode 0600): the CLI's
/// other commands (<c>checkpoint --save</c>, …) find it through the home alone.
/// </summary>
internal sealed class EmbeddedControlServer : IAsyncDisposable
{
    private readonly string _socket;
    private readonly Task<WebApplication> _started;

    private EmbeddedControlServer(string socket, Task<WebApplication> started)
    {
        _socket = socket;
        _started = started;
    }

    /// <summary>
    /// Starts it on a pool thread and returns at once: the web host's start (most of it compiling
    /// code, on a cold process) then overlaps with composing the run instead of delaying its first
    /// dispatch. <see cref="WaitUntilListeningAsync"/> before announcing the executor.
    /// </summary>
    public static EmbeddedControlServer Start(HomeLayout home, IRunControl control, ILoggerFactory loggerFactory)
    {
        // We hold the home's lock, so a socket file left here is a dead executor's.
        if (File.Exists(home.ControlSocket)) File.Delete(home.ControlSocket);
        var token = ControlTokenFile.LoadOrCreate(home.ControlTokenFile);
        return new EmbeddedControlServer(home.ControlSocket, Task.Run(async () =>
        {
            var app = BuildHost(kestrel => kestrel.ListenUnixSocket(home.ControlSocket, listen => listen.Protocols = HttpProtocols.Http2),
                home, control, token, loggerFactory);
            await app.StartAsync().ConfigureAwait(false);
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(home.ControlSocket, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            return app;
        }));
    }

    /// <summary>Returns once the socket accepts calls (or throws why it could not be served).</summary>
    public Task WaitUntilListeningAsync() => _started;

    /// <summary>A host serving only the native gRPC control API, every call guarded by the token, where <paramref name="listen"/> says; the run is watched from its journal in <paramref name="home"/>.</summary>
    public static WebApplication BuildHost(Action<KestrelServerOptions> listen, HomeLayout home, IRunControl control, string token, ILoggerFactory loggerFactory)
    {
        var builder = ExecutorWebHost.CreateBuilder(loggerFactory, listen);
        builder.Services.AddSchedulerControl(control, token, events: FileRunEventStream.OfHome(home));
        var app = builder.Build();
        app.UseGrpcRequestGuard();
        app.MapSchedulerControl();
        return app;
    }

    public async ValueTask DisposeAsync()
    {
        WebApplication app;
        try
        {
            app = await _started.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // It never listened; whoever waited for it was told why.
            return;
        }
        await app.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        try { File.Delete(_socket); }
        catch (IOException) { /* the next executor removes it */ }
    }
}
