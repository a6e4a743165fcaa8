using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TaskMaster.Embedded;

/// <summary>
/// The web hosts of an embedded executor (its control socket, <c>--grpc-port</c>, the monitor), built one
/// way: no settings read or watched (<see cref="QuietHostOptions"/>), the executor's own loggers, and
/// signals left to the executor, which stops the run cleanly (the host must not act on them).
/// </summary>
public static class ExecutorWebHost
{
    /// <param name="listen">Where Kestrel listens.</param>
    public static WebApplicationBuilder CreateBuilder(ILoggerFactory loggerFactory, Action<KestrelServerOptions> listen)
    {
        var builder = WebApplication.CreateSlimBuilder(QuietHostOptions.Create());
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton<IHostLifetime, PassiveLifetime>();
        builder.WebHost.ConfigureKestrel(listen);
        return builder;
    }

    /// <summary>Where a started host listens on TCP: <c>host:port</c> (an IPv6 address in brackets), the port as bound (for port 0).</summary>
    public static string BoundEndpoint(WebApplication app, IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(address);
        var port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        var host = address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        return $"{host}:{port}";
    }

    private sealed class PassiveLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
