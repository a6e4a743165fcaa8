using System.Net;
using System.Net.Sockets;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TaskMaster.Core.Runs;
using TaskMaster.Monitor.Cluster;
using TaskMaster.Monitor.Logs;
using TaskMaster.ServiceDefaults;

namespace TaskMaster.Monitor.Tests.Support;

/// <summary>
/// The monitor service as its host composes it (service defaults, then the cluster monitor), in this
/// process on two free loopback ports, over in-memory runs in place of Redis.
/// </summary>
internal sealed class MonitorServiceHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MonitorServiceHost(WebApplication app, int httpPort, int grpcPort)
    {
        _app = app;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/") };
        // Every gRPC call but health and reflection carries the service's token.
        var grpcHttp = new HttpClient();
        grpcHttp.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        Grpc = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}", new GrpcChannelOptions { HttpClient = grpcHttp, DisposeHttpClient = true });
    }

    /// <summary>The control token the host requires (TASKMASTER_CONTROL__TOKEN).</summary>
    public const string Token = "monitor-service-test-token";

    public HttpClient Http { get; }

    public GrpcChannel Grpc { get; }

    public ClusterMonitor Monitor => _app.Services.GetRequiredService<ClusterMonitor>();

    /// <summary>Where the broker's consumer of the workers' log batches puts them.</summary>
    public StreamedTaskLogs Logs => _app.Services.GetRequiredService<StreamedTaskLogs>();

    public static async Task<MonitorServiceHost> StartAsync(InMemoryRuns runs)
    {
        var (httpPort, grpcPort) = (FreePort(), FreePort());
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["Listen:HttpPort"] = httpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.Configuration["Listen:GrpcPort"] = grpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.Configuration["Monitor:CatalogInterval"] = "00:00:00.050";
        builder.Configuration["Control:Token"] = Token;
        builder.AddServiceDefaults("monitor");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IRunCatalog>(runs);
        builder.Services.AddSingleton<IRunEventStream>(runs);
        builder.Services.AddSingleton<IRunQueueSource>(runs);
        builder.Services.AddClusterMonitor(builder.Configuration, ServiceDefaultsExtensions.ReadyTag);
        var app = builder.Build();
        app.MapServiceDefaults();
        app.MapClusterMonitor();
        await app.StartAsync();
        return new MonitorServiceHost(app, httpPort, grpcPort);
    }

    public async ValueTask DisposeAsync()
    {
        Grpc.Dispose();
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
