using TaskMaster.Core.Checkpoints;

namespace TaskMaster.Checkpoint.Remote;

/// <summary>
/// The scheduler's access to checkpoints in the cluster (the embedded <see cref="CheckpointSource"/>'s
/// counterpart): requests go to its checkpointer, which stores through <see cref="GrpcCheckpointStore"/>;
/// a rollback's read goes to the checkpoint service and is verified here.
/// </summary>
public sealed class RemoteCheckpointSource(Checkpointer checkpointer, GrpcCheckpointLoader loader) : ICheckpointSource
{
    public void RequestCheckpoint(string reason) => checkpointer.Request(reason);

    public Task<CheckpointReadResult> LoadAsync(string location, CancellationToken cancellationToken) => loader.ReadAsync(location, cancellationToken);
}
