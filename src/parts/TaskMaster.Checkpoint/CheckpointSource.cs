using TaskMaster.Core.Checkpoints;

namespace TaskMaster.Checkpoint;

/// <summary>The scheduler's access to checkpoints in embedded mode: requests go to the checkpointer, reads to the file store.</summary>
public sealed class CheckpointSource(Checkpointer checkpointer, FileCheckpointStore store) : ICheckpointSource
{
    public void RequestCheckpoint(string reason) => checkpointer.Request(reason);

    public Task<CheckpointReadResult> LoadAsync(string location, CancellationToken cancellationToken) => store.ReadAsync(location, cancellationToken);
}
