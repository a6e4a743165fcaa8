using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;
using TaskMaster.Core.Scheduling;
using TaskMaster.Monitor;
using TaskMaster.Monitor.Feed;
using TaskMaster.Scheduler;
using TaskMaster.Scheduler.Control;
using TaskMaster.ServiceDefaults.Grpc;

namespace TaskMaster.Embedded;

/// <summary>
/// The monitor of one embedded run on TCP (HTTP/1.1 and HTTP/2 on one port): the monitor's dashboard,
/// live feed and metrics, with the scheduler's control API mounted beside them as JSON (the monitor
/// service has none). Started before the run so that a busy port stops everything early: its control
/// answers "starting" until the run's is attached to it. Never owns signals: the executor does.
/// </summary>
public sealed class MonitorServer : IAsyncDisposable
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(2);

    private readonly WebApplication _app;

    private MonitorServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
        Registry = app.Services.GetRequiredService<CollectorRegistry>();
        Feed = app.Services.GetRequiredService<IMonitorFeed>();
        Observers = app.Services.MonitorObservers();
    }

    /// <summary>Where it listens, e.g. <c>http://127.0.0.1:7420/</c>.</summary>
    public Uri Url { get; }

    public int Port => Url.Port;

    /// <summary>The registry <c>/metrics</c> serves; others may add their collectors to it.</summary>
    public CollectorRegistry Registry { get; }

    /// <summary>The live feed; others publish their own event kinds on it.</summary>
    public IMonitorFeed Feed { get; }

    /// <summary>Add these to the run's observers, after its <see cref="Core.ReadModel.RunStatusModel"/>.</summary>
    public IReadOnlyList<IRunObserver> Observers { get; }

    /// <summary>The dashboard's address with the control token in its fragment (which never reaches a server).</summary>
    public string DashboardUrl(string token) => $"{Url}#token={token}";

    /// <exception cref="MonitorPortInUseException">The port is taken.</exception>
    /// <param name="control">The run's control (reading the status needs no token; everything else needs <paramref name="token"/>).</param>
    /// <param name="configureServices">Registers what other parts of the monitor add (history, alerts).</param>
    /// <param name="mapEndpoints">Maps their endpoints.</param>
    public static async Task<MonitorServer> StartAsync(
        MonitorOptions options, MonitorRun run, IRunControl control, string token, ILoggerFactory loggerFactory,
        Action<IServiceCollection>? configureServices = null, Action<IEndpointRouteBuilder>? mapEndpoints = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var address = await ResolveAsync(options.Host).ConfigureAwait(false);
        var builder = ExecutorWebHost.CreateBuilder(loggerFactory, kestrel =>
            kestrel.Listen(address, options.Port, listen => listen.Protocols = HttpProtocols.Http1AndHttp2));
        builder.Services.AddMonitorServices(run, options);
        builder.Services.AddSchedulerControl(control, token, openReads: true, Scheduler.FileRunEventStream.OfHome(run.Home));
        // JSON clients only: a path no endpoint serves is a 404 (or 405) for them, not gRPC's "unimplemented".
        builder.Services.AddGrpc(grpc => grpc.IgnoreUnknownServices = true).AddJsonTranscoding();
        configureServices?.Invoke(builder.Services);
        var app = builder.Build();
        app.UseMonitorRequestPolicy();
        app.UseGrpcRequestGuard();
        app.MapSchedulerControl();
        app.MapMonitor();
        mapEndpoints?.Invoke(app);
        try
        {
            await app.StartAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is AddressInUseException || e.InnerException is AddressInUseException)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new MonitorPortInUseException(options.Host, options.Port, e);
        }
        return new MonitorServer(app, new Uri($"http://{ExecutorWebHost.BoundEndpoint(app, address)}/"));
    }

    /// <summary>
    /// Publishes the last update, lets every feed send it and end, then stops; a client that does not
    /// take its last frames in <see cref="ShutdownTimeout"/> is cut off, so the executor's exit never waits on a browser.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await _app.Services.EndMonitorFeedAsync().ConfigureAwait(false);
        await _app.StopAsync(ShutdownTimeout).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task<IPAddress> ResolveAsync(string host)
    {
        if (IPAddress.TryParse(host, out var address)) return address;
        var addresses = await Dns.GetHostAddressesAsync(host).ConfigureAwait(false);
        return addresses.FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
            ?? addresses.FirstOrDefault() ?? throw new ArgumentException($"--monitor-host: '{host}' does not resolve to an address", nameof(host));
    }
}

/// <summary>The monitor's port is taken by another program (or another executor).</summary>
public sealed class MonitorPortInUseException(string host, int port, Exception inner)
    : IOException($"port {port} on {host} is already in use", inner)
{
    public int Port { get; } = port;
}
