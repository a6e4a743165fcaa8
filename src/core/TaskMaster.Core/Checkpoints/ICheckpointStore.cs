namespace TaskMaster.Core.Checkpoints;

/// <summary>
/// The checkpoint storage seam: local files (primary + mirror) in embedded mode, Redis and object
/// storage in the cluster.
/// </summary>
public interface ICheckpointStore
{
    /// <summary>
    /// Stores an encoded checkpoint durably, the same bytes in every location. Throws when it could
    /// not be stored in the primary location (earlier checkpoints stay intact); a failed mirror copy
    /// is reported, not thrown. The bytes may be a buffer the caller reuses once the task completes.
    /// </summary>
    Task<CheckpointStored> StoreAsync(EncodedCheckpoint checkpoint, CancellationToken cancellationToken);
}

/// <param name="Location">Where the checkpoint is (a path or a URI).</param>
/// <param name="MirrorLocation">Its redundant copy, when one was made.</param>
/// <param name="MirrorError">Why the redundant copy failed, when it did.</param>
public sealed record CheckpointStored(string Location, string? MirrorLocation, string? MirrorError = null);
