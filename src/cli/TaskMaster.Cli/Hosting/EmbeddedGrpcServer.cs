using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TaskMaster.Cli.Commands;
using TaskMaster.Core.Scheduling;
using TaskMaster.Embedded;
using TaskMaster.LocalHome;
using TaskMaster.Scheduler.Control;

namespace TaskMaster.Cli.Hosting;

/// <summary>
/// The control API as native gRPC on TCP (<c>--grpc-port</c>), for other systems: HTTP/2 only, in
/// clear text (prior knowledge, as <c>grpcurl -plaintext</c> and <c>http://</c> gRPC channels speak
/// it), and every call, reads included, needs the home's token. Bound before the run is composed,
/// so that a busy port stops the command before anything runs: its control answers "starting" until the run's is attached to it.
/// </summary>
internal sealed class EmbeddedGrpcServer(WebApplication app, string endpoint) : IAsyncDisposable
{
    /// <summary>Where it listens: <c>host:port</c>.</summary>
    public string Endpoint => endpoint;

    /// <summary>Starts it; null, after saying why, when it cannot listen (nothing has run yet).</summary>
    public static async Task<EmbeddedGrpcServer?> StartAsync(GrpcRequest request, HomeLayout home, IRunControl control, ILoggerFactory loggerFactory)
    {
        IPAddress address;
        try
        {
            address = await ResolveAsync(request.Host).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or ArgumentException)
        {
            Console.Error.WriteLine($"task-master: --grpc-host '{request.Host}' does not resolve to an address: {e.Message}. Nothing was run.");
            return null;
        }
        var token = ControlTokenFile.LoadOrCreate(home.ControlTokenFile);
        var app = EmbeddedControlServer.BuildHost(
            kestrel => kestrel.Listen(address, request.Port, listen => listen.Protocols = HttpProtocols.Http2), home, control, token, loggerFactory);
        try
        {
            await app.StartAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is AddressInUseException || e.InnerException is AddressInUseException)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            Console.Error.WriteLine($"task-master: the gRPC endpoint cannot listen: port {request.Port} on {request.Host} is already in use. " +
                                    "Stop what uses it, choose another port with --grpc-port N, or let the system pick a free one with --grpc-port 0. Nothing was run.");
            return null;
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            Console.Error.WriteLine($"task-master: the gRPC endpoint cannot listen on {request.Host}:{request.Port}: {e.Message}. Nothing was run.");
            return null;
        }
        if (!EmbeddedMonitor.IsLoopback(request.Host))
            Console.Error.WriteLine($"warning: --grpc-host {request.Host} is not a loopback address: whoever can reach this machine can call " +
                                    "the control API (every call needs the token, which travels in clear text: use it on a trusted network only).");
        return new EmbeddedGrpcServer(app, ExecutorWebHost.BoundEndpoint(app, address));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task<IPAddress> ResolveAsync(string host)
    {
        if (IPAddress.TryParse(host, out var address)) return address;
        var addresses = await Dns.GetHostAddressesAsync(host).ConfigureAwait(false);
        return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
            ?? addresses.FirstOrDefault() ?? throw new ArgumentException("no address", nameof(host));
    }
}
