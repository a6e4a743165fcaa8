namespace TaskMaster.Core.Checkpoints;

/// <summary>
/// One place of the cluster that keeps encoded checkpoints whole, by <see cref="StoredCheckpoint"/>
/// name: object storage (the store of record) or the Redis cache of the latest ones. A repository
/// keeps bytes; it does not judge them: readers verify what they get (<see cref="CheckpointCodec.Decode"/>).
/// Faults (the server is down, a timeout) are thrown, never swallowed.
/// </summary>
public interface ICheckpointRepository
{
    /// <summary>A short name for logs and metrics: <c>s3</c>, <c>redis</c>.</summary>
    string Name { get; }

    /// <summary>What its locations start with (<c>s3://bucket/</c>, <c>redis://taskmaster/</c>); a relative path follows.</summary>
    string Root { get; }

    /// <summary>Stores the checkpoint's bytes under its name; returns where. Then prunes the run to the newest it keeps.</summary>
    Task<StoredCheckpoint> PutAsync(EncodedCheckpoint checkpoint, CancellationToken cancellationToken);

    /// <summary>The run's checkpoints here, the newest (highest sequence) first.</summary>
    Task<IReadOnlyList<StoredCheckpoint>> ListAsync(string runId, CancellationToken cancellationToken);

    /// <summary>The bytes of <paramref name="checkpoint"/> (found by its name, wherever its location says); null when it is not here.</summary>
    Task<byte[]?> GetAsync(StoredCheckpoint checkpoint, CancellationToken cancellationToken);
}
