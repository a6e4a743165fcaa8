using Grpc.Core;
using Grpc.Net.Client;
using TaskMaster.Contracts.Checkpoint.V1;

namespace TaskMaster.Checkpoint.Remote;

/// <summary>A client of the checkpoint service that sends the token with every call and takes checkpoints of any size.</summary>
public static class CheckpointServiceClientFactory
{
    /// <summary>The largest checkpoint a call carries (a 100k-task checkpoint is about 4 MB).</summary>
    public const int MaxMessageBytes = 256 * 1024 * 1024;

    /// <param name="address">The service's gRPC address, e.g. <c>http://127.0.0.1:7002</c> (cleartext HTTP/2).</param>
    /// <param name="token">The service's token (the contents of <c>TASKMASTER_CONTROL__TOKENFILE</c>).</param>
    public static (CheckpointService.CheckpointServiceClient Client, GrpcChannel Channel) Create(Uri address, string token)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        var credentials = CallCredentials.FromInterceptor((_, metadata) =>
        {
            metadata.Add("authorization", $"Bearer {token}");
            return Task.CompletedTask;
        });
        var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            MaxReceiveMessageSize = MaxMessageBytes,
            MaxSendMessageSize = MaxMessageBytes,
            // Call credentials over cleartext: the service listens on loopback or a private network (docs/cluster-storage.md).
            Credentials = ChannelCredentials.Create(ChannelCredentials.Insecure, credentials),
            UnsafeUseInsecureChannelCallCredentials = true,
        });
        return (new CheckpointService.CheckpointServiceClient(channel), channel);
    }
}
