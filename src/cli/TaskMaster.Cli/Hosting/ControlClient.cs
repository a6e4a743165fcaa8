using System.Net.Sockets;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using TaskMaster.Cli.Commands;
using TaskMaster.Contracts.Scheduler.V1;
using TaskMaster.Core.Scheduling;
using TaskMaster.LocalHome;
using TaskMaster.Scheduler.Control;
using TaskMaster.ServiceDefaults.Control;

namespace TaskMaster.Cli.Hosting;

/// <summary>Reaches an executor: the one running on a home, through its control socket and token, or one at a gRPC address.</summary>
internal static class ControlClient
{
    /// <summary>A client for the target's executor, or why there is none.</summary>
    public static ControlConnection Connect(ControlTarget target) =>
        target.Address is { } address ? ConnectTo(address, target.TokenFile ?? target.Home.ControlTokenFile) : Connect(target.Home);

    /// <summary>A client for the home's executor, or why there is none.</summary>
    public static ControlConnection Connect(HomeLayout home)
    {
        var info = ExecutorInfo.TryRead(home);
        if (info is null || !File.Exists(info.ControlSocket))
            return new ControlConnection(null, null, $"no executor is running on {home.Home}", ExecutorFound: false);
        var token = ControlTokenFile.TryRead(home.ControlTokenFile);
        if (token is null)
            return new ControlConnection(null, null, $"{home.ControlTokenFile} is missing: cannot authenticate to the executor", ExecutorFound: true);
        var socket = info.ControlSocket;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var unix = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await unix.ConnectAsync(new UnixDomainSocketEndPoint(socket), cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(unix, ownsSocket: true);
                }
                catch
                {
                    unix.Dispose();
                    throw;
                }
            },
        };
        return Authenticated(GrpcChannel.ForAddress("http://localhost", ChannelOptions(handler)), token);
    }

    public static ControlConnection ConnectTo(Uri address, string tokenFile)
    {
        var token = ControlTokenFile.TryRead(tokenFile);
        if (token is null)
            return new ControlConnection(null, null, $"{tokenFile} is missing: cannot authenticate to the executor at {address} (pass its control.token with --token-file)", ExecutorFound: true);
        // A scheduler service may run as replicas: a call a standby refuses goes on to the leader it names.
        var invoker = new LeaderFollowingInvoker(address, target =>
        {
            var channel = GrpcChannel.ForAddress(target, ChannelOptions(handler: null));
            return (WithToken(channel, token), channel);
        });
        return new ControlConnection(new SchedulerService.SchedulerServiceClient(invoker), invoker, null, ExecutorFound: true);
    }

    // What the server may send (ControlLimits), the client accepts: a large detailed status is always readable.
    private static GrpcChannelOptions ChannelOptions(HttpMessageHandler? handler) => new()
    {
        HttpHandler = handler,
        MaxReceiveMessageSize = ControlLimits.MaxResponseBytes,
    };

    private static ControlConnection Authenticated(GrpcChannel channel, string token) =>
        new(new SchedulerService.SchedulerServiceClient(WithToken(channel, token)), channel, null, ExecutorFound: true);

    private static CallInvoker WithToken(GrpcChannel channel, string token) =>
        channel.Intercept(metadata =>
        {
            metadata.Add(ControlToken.Header, ControlToken.Scheme + token);
            return metadata;
        });
}

/// <summary>
/// A client for a home's executor, or (<see cref="Client"/> null) the <see cref="Problem"/> in the
/// way: none announced itself (<see cref="ExecutorFound"/> false), or it cannot be reached.
/// </summary>
internal sealed record ControlConnection(SchedulerService.SchedulerServiceClient? Client, IDisposable? Channel, string? Problem, bool ExecutorFound)
    : IDisposable
{
    public void Dispose() => Channel?.Dispose();
}
