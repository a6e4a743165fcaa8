using TaskMaster.Checkpoint;
using TaskMaster.Core.Checkpoints;

namespace TaskMaster.Scheduler.Runs;

/// <summary>What a hosted run's scheduler asks of checkpointing (before a critical task, to roll back): its checkpointer and its store.</summary>
internal sealed class RunCheckpointSource(Checkpointer checkpointer, IRunCheckpoints checkpoints) : ICheckpointSource
{
    public void RequestCheckpoint(string reason) => checkpointer.Request(reason);

    public Task<CheckpointReadResult> LoadAsync(string location, CancellationToken cancellationToken) => checkpoints.LoadAsync(location, cancellationToken);
}
