using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TaskMaster.Contracts.Scheduler.V1;
using SchedulerClient = TaskMaster.Contracts.Scheduler.V1.SchedulerService.SchedulerServiceClient;
using TaskMaster.Scheduler;
using TaskMaster.SchedulerService;
using TaskMaster.ServiceDefaults;

namespace TaskMaster.SchedulerService.Tests.Support;

/// <summary>The scheduler service composed as its Program.cs composes it, in this process, on loopback ports the system picks.</summary>
internal sealed class SchedulerHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SchedulerHost(WebApplication app, ServiceFolder folder, Uri grpc, Uri http)
    {
        _app = app;
        Folder = folder;
        GrpcAddress = grpc;
        HttpAddress = http;
    }

    public ServiceFolder Folder { get; }

    public Uri GrpcAddress { get; }

    public Uri HttpAddress { get; }

    public static async Task<SchedulerHost> StartAsync(ServiceFolder folder)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(folder.Settings);
        builder.AddServiceDefaults("scheduler");
        builder.AddSchedulerService();
        var app = builder.Build();
        app.MapServiceDefaults();
        app.MapSchedulerApi();
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();
        // Kestrel lists the endpoints in the order ServiceDefaults binds them: HTTP/1.1, then gRPC.
        return new SchedulerHost(app, folder, addresses[1], addresses[0]);
    }

    /// <summary>A client sending <paramref name="authorization"/> (the service's token by default; null: none).</summary>
    public SchedulerClient Client(string? authorization = "") =>
        SchedulerClients.Create(GrpcAddress, authorization == "" ? $"Bearer {Folder.Token}" : authorization, _channels);

    public GrpcChannel Channel() => Track(GrpcChannel.ForAddress(GrpcAddress));

    /// <summary>What puts the CLI's commands against this service: <c>--server URL --token-file F</c>.</summary>
    public string[] ServerArguments() => ["--server", GrpcAddress.ToString(), "--token-file", Folder.TokenFile];

    private readonly List<GrpcChannel> _channels = [];

    private GrpcChannel Track(GrpcChannel channel)
    {
        _channels.Add(channel);
        return channel;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels) channel.Dispose();
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _app.StopAsync(stopping.Token);
        await _app.DisposeAsync();
    }
}
