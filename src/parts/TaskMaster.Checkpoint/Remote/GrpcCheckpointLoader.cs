using Grpc.Core;
using TaskMaster.Checkpoint.Cluster;
using TaskMaster.Contracts.Checkpoint.V1;
using TaskMaster.Core.Checkpoints;
using static TaskMaster.Checkpoint.Service.CheckpointMessages;

namespace TaskMaster.Checkpoint.Remote;

/// <summary>
/// Reads checkpoints back from the checkpoint service for a resume or a rollback, and verifies each
/// one here again (its checksum, and that it is the checkpoint its location names): what the
/// scheduler restores from is never trusted to the wire.
/// </summary>
public sealed class GrpcCheckpointLoader(CheckpointService.CheckpointServiceClient client)
{
    /// <summary>
    /// The newest checkpoint of <paramref name="runId"/> that verifies and passes
    /// <paramref name="extraCheck"/> (null to accept, or the reason to refuse); not found when it has none.
    /// </summary>
    /// <exception cref="IOException">The service could not be asked.</exception>
    public async Task<StoredCheckpointLoad> LoadNewestValidAsync(string runId, Func<CheckpointDocument, string?>? extraCheck = null, CancellationToken cancellationToken = default)
    {
        var listed = await RemoteCalls.Guard(
            async () => await client.ListCheckpointsAsync(new ListCheckpointsRequest { RunId = runId }, cancellationToken: cancellationToken),
            $"listing the checkpoints of {runId}").ConfigureAwait(false);
        var refused = new List<RefusedStoredCheckpoint>();
        foreach (var candidate in listed.Checkpoints)
        {
            var load = await LoadAsync(candidate.Location, extraCheck, cancellationToken).ConfigureAwait(false);
            refused.AddRange(load.Refused);
            if (load.Found) return load with { Refused = refused };
        }
        return new StoredCheckpointLoad(null, null, refused);
    }

    /// <summary>The checkpoint <paramref name="location"/> names (<c>--from-checkpoint</c>, a rollback), verified.</summary>
    /// <exception cref="IOException">The service could not be asked.</exception>
    public async Task<StoredCheckpointLoad> LoadAsync(string location, Func<CheckpointDocument, string?>? extraCheck = null, CancellationToken cancellationToken = default)
    {
        GetCheckpointResponse response;
        try
        {
            response = await RemoteCalls.Guard(
                async () => await client.GetCheckpointAsync(new GetCheckpointRequest { Location = location }, cancellationToken: cancellationToken),
                $"reading {location}").ConfigureAwait(false);
        }
        catch (IOException ex) when (ex.InnerException is RpcException { StatusCode: StatusCode.NotFound } notFound)
        {
            // The status carries one line; the service's validation says what was refused, copy by copy.
            var validated = await RemoteCalls.Guard(
                async () => await client.ValidateCheckpointAsync(new ValidateCheckpointRequest { Location = location }, cancellationToken: cancellationToken),
                $"validating {location}").ConfigureAwait(false);
            return new StoredCheckpointLoad(null, null, validated.Refused.Count > 0 ? [.. validated.Refused.Select(FromRefused)]
                : [new(location, new CheckpointRefusal(CheckpointRefusalKind.Unreadable, notFound.Status.Detail))]);
        }

        var refused = response.Refused.Select(FromRefused).ToList();
        var stored = FromRef(response.Checkpoint);
        var bytes = response.Content.ToByteArray();
        var read = CheckpointRepositoryReads.Verify(stored, bytes);
        if (read.IsValid && extraCheck?.Invoke(read.Document) is { } reason)
            read = CheckpointReadResult.Refused(CheckpointRefusalKind.Rejected, $"{stored.Location}: {reason}");
        if (read.IsValid) return new StoredCheckpointLoad(read.Document, stored, refused, bytes);
        refused.Add(new RefusedStoredCheckpoint(stored.Location, read.Refusal));
        return new StoredCheckpointLoad(null, null, refused);
    }

    /// <summary>The same, as the engine's rollback reads it: the document, or the last reason it was refused.</summary>
    /// <exception cref="IOException">The service could not be asked.</exception>
    public async Task<CheckpointReadResult> ReadAsync(string location, CancellationToken cancellationToken = default)
    {
        var load = await LoadAsync(location, cancellationToken: cancellationToken).ConfigureAwait(false);
        return load.Found ? CheckpointReadResult.Valid(load.Document)
            : CheckpointReadResult.Refused(load.Refused.Count > 0 ? load.Refused[^1].Refusal : new CheckpointRefusal(CheckpointRefusalKind.Unreadable, $"{location}: not found"));
    }
}
