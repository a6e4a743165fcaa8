using TaskMaster.Core.Checkpoints;

namespace TaskMaster.Checkpoint.Tests.Support;

/// <summary>A checkpoint store whose disk refuses every write, as a full one does.</summary>
internal sealed class ThrowingCheckpointStore : ICheckpointStore
{
    public const string Error = "No space left on device";

    public Task<CheckpointStored> StoreAsync(EncodedCheckpoint checkpoint, CancellationToken cancellationToken) =>
        Task.FromException<CheckpointStored>(new IOException(Error));
}
