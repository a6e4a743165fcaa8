using Google.Protobuf;
using Grpc.Core;
using TaskMaster.Contracts.Checkpoint.V1;
using TaskMaster.Core.Checkpoints;

namespace TaskMaster.Checkpoint.Remote;

/// <summary>
/// The scheduler's checkpoint store in the cluster: each checkpoint goes to the checkpoint service,
/// which verifies it and keeps it in object storage and Redis. A failed call (the service is down,
/// or neither of its stores took it) is an <see cref="IOException"/>, which the checkpointer reports as
/// a failed checkpoint; a degraded save (one store down) comes back in <see cref="CheckpointStored.MirrorError"/>.
/// Each save carries the fencing token <paramref name="fencingToken"/> answers then (the leading scheduler's
/// term; 0: none), which the service checks against the run's fence before it stores anything.
/// </summary>
public sealed class GrpcCheckpointStore(CheckpointService.CheckpointServiceClient client, Func<long> fencingToken) : ICheckpointStore
{
    /// <summary>A store whose saves all carry <paramref name="fencingToken"/>.</summary>
    public GrpcCheckpointStore(CheckpointService.CheckpointServiceClient client, long fencingToken = 0) : this(client, () => fencingToken)
    {
    }

    public async Task<CheckpointStored> StoreAsync(EncodedCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var request = new SaveCheckpointRequest { Checkpoint = ByteString.CopyFrom(checkpoint.Bytes.Span), FencingToken = fencingToken() };
        var response = await RemoteCalls.Guard(
            async () => await client.SaveCheckpointAsync(request, cancellationToken: cancellationToken),
            $"saving checkpoint {checkpoint.Sequence} of {checkpoint.RunId}").ConfigureAwait(false);
        return new CheckpointStored(response.Checkpoint.Location, NullIfEmpty(response.MirrorLocation), NullIfEmpty(response.Degraded));
    }

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}

/// <summary>The checkpoint service's faults, as the engine's storage faults.</summary>
internal static class RemoteCalls
{
    public static async Task<T> Guard<T>(Func<Task<T>> call, string what)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode is not StatusCode.Cancelled)
        {
            throw new IOException($"checkpoint service: {what}: {ex.Status.StatusCode}: {ex.Status.Detail}", ex);
        }
    }
}
