using TaskMaster.Core.Checkpoints;
using TaskMaster.Core.Events;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.State;

namespace TaskMaster.Checkpoint;

/// <summary>
/// Puts tasks' saved state files back as a rollback resets them, so a task run again after a
/// rollback sees the state it had at the checkpoint. Observers run before the step's launches,
/// so the files are in place before any reset task starts.
/// </summary>
public sealed class RollbackStateRestorer(HomeLayout home, FileCheckpointStore checkpoints) : IRunObserver
{
    public void OnEvent(RunEvent e, RunState state)
    {
        if (e is not RunRolledBack rollback) return;
        var checkpoint = checkpoints.Load(rollback.CheckpointLocation, out _);
        if (checkpoint is null) return;
        foreach (var reset in rollback.Resets) SavedTaskState.PutBack(home, checkpoint, reset.TaskId);
    }
}
