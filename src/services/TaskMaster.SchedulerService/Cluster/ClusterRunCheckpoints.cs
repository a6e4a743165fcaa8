using TaskMaster.Checkpoint.Remote;
using TaskMaster.Core.Checkpoints;
using TaskMaster.Scheduler.Runs;

namespace TaskMaster.SchedulerService.Cluster;

/// <summary>
/// A hosted run's checkpoints in the cluster: stored through the checkpoint service (object storage and
/// Redis), read back from it and verified here again, task state files and all (they travel inside the checkpoint).
/// </summary>
internal sealed class ClusterRunCheckpoints(string runId, GrpcCheckpointStore store, GrpcCheckpointLoader loader) : IRunCheckpoints
{
    public Task<CheckpointStored> StoreAsync(EncodedCheckpoint checkpoint, CancellationToken cancellationToken) =>
        store.StoreAsync(checkpoint, cancellationToken);

    public async Task<LoadedCheckpoint?> LoadNewestAsync(CancellationToken cancellationToken)
    {
        var load = await loader.LoadNewestValidAsync(runId, cancellationToken: cancellationToken).ConfigureAwait(false);
        // As the local store: a checkpoint that does not verify is never passed over silently.
        if (!load.Found && load.Refused.Count > 0) throw new InvalidDataException(load.Describe());
        return load.Found ? new LoadedCheckpoint(load.Document!, load.Checkpoint!) : null;
    }

    public Task<CheckpointReadResult> LoadAsync(string location, CancellationToken cancellationToken) => loader.ReadAsync(location, cancellationToken);
}
