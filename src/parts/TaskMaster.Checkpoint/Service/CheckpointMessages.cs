using TaskMaster.Checkpoint.Cluster;
using TaskMaster.Contracts.Checkpoint.V1;
using TaskMaster.Core.Checkpoints;
using RefusedMessage = TaskMaster.Contracts.Checkpoint.V1.RefusedCheckpoint;

namespace TaskMaster.Checkpoint.Service;

/// <summary>Between the checkpoint API's messages and the store's records, both ways.</summary>
internal static class CheckpointMessages
{
    public static CheckpointRef ToRef(StoredCheckpoint checkpoint, bool inRecord = false, bool inCache = false) => new()
    {
        RunId = checkpoint.RunId, Sequence = checkpoint.Sequence, Checksum = checkpoint.Checksum, Location = checkpoint.Location,
        InRecord = inRecord, InCache = inCache,
    };

    public static CheckpointRef ToRef(TieredCheckpoint checkpoint) => ToRef(checkpoint.Checkpoint, checkpoint.InRecord, checkpoint.InCache);

    public static StoredCheckpoint FromRef(CheckpointRef checkpoint) => new(checkpoint.RunId, checkpoint.Sequence, checkpoint.Checksum, checkpoint.Location);

    public static RefusedMessage ToRefused(RefusedStoredCheckpoint refused) =>
        new() { Location = refused.Location, Kind = refused.Refusal.Kind.ToString(), Reason = refused.Refusal.Reason };

    public static RefusedStoredCheckpoint FromRefused(RefusedMessage refused) =>
        new(refused.Location, new CheckpointRefusal(Enum.TryParse<CheckpointRefusalKind>(refused.Kind, out var kind) ? kind : CheckpointRefusalKind.Unreadable, refused.Reason));
}
