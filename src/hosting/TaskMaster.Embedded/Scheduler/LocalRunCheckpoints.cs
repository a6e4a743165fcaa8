using TaskMaster.Checkpoint;
using TaskMaster.Core.Checkpoints;
using TaskMaster.Scheduler.Runs;

namespace TaskMaster.Embedded.Scheduler;

/// <summary>A hosted run's checkpoints as files: the embedded store, one folder per run.</summary>
internal sealed class LocalRunCheckpoints(string runId, FileCheckpointStore store) : IRunCheckpoints, IDisposable
{
    public Task<CheckpointStored> StoreAsync(EncodedCheckpoint checkpoint, CancellationToken cancellationToken) =>
        store.StoreAsync(checkpoint, cancellationToken);

    public async Task<LoadedCheckpoint?> LoadNewestAsync(CancellationToken cancellationToken)
    {
        var load = await store.LoadNewestValidOfRunAsync(runId, cancellationToken: cancellationToken).ConfigureAwait(false);
        // A checkpoint that does not verify is never passed over silently: resuming from the journal alone would forget it.
        if (!load.Found && load.Refused.Count > 0) throw new InvalidDataException(load.Describe());
        return load.Found ? LoadedCheckpoint.Of(load.Document, load.Path) : null;
    }

    public Task<CheckpointReadResult> LoadAsync(string location, CancellationToken cancellationToken) => store.ReadAsync(location, cancellationToken);

    public void Dispose() => store.Dispose();
}
