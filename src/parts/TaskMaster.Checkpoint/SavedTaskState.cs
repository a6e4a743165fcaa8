using TaskMaster.Core.Checkpoints;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.State;
using TaskMaster.Core.Storage;
using TaskMaster.LocalHome;

namespace TaskMaster.Checkpoint;

/// <summary>Puts a task's state file back as a checkpoint saved it (resume from a named checkpoint, rollback).</summary>
public static class SavedTaskState
{
    /// <summary>
    /// Puts the unfinished tasks' saved state files back before they run again; returns the tasks restored.
    /// <paramref name="exactly"/> (from a named checkpoint): every unfinished task gets exactly the
    /// checkpoint's copy (or none); otherwise a file still on disk is newer than the checkpoint's and is
    /// kept, and only missing ones are restored.
    /// </summary>
    public static IReadOnlyList<string> PutBackUnfinished(HomeLayout home, CheckpointDocument checkpoint, RunState state, bool exactly)
    {
        var restored = new List<string>();
        foreach (var task in state.Tasks)
        {
            if (task.Status.IsFinal()) continue;
            var id = state.Queue.Tasks[task.Index].Id;
            // Without a named checkpoint only missing files are put back; the saved copy is looked at
            // first, sparing 100k file probes.
            if (!exactly && (checkpoint.IntermediateResults.GetValueOrDefault(id)?.StateFile is null
                             || File.Exists(home.TaskStateFile(checkpoint.RunId, id)))) continue;
            if (!PutBack(home, checkpoint, id)) continue;
            restored.Add(id);
        }
        return restored;
    }

    /// <summary>
    /// Writes the checkpoint's copy of the task's state file; deletes the file when the task had
    /// none then. A file that was too large to keep in the checkpoint (only its hash was saved)
    /// cannot be put back and is left as it is. Returns true when the file was written.
    /// </summary>
    public static bool PutBack(HomeLayout home, CheckpointDocument checkpoint, string taskId)
    {
        var path = home.TaskStateFile(checkpoint.RunId, taskId);
        var saved = checkpoint.IntermediateResults.GetValueOrDefault(taskId);
        if (saved?.StateFile is { } content)
        {
            PrivateFiles.CreateParentOf(path);
            PrivateFiles.WriteAllBytes(path, Convert.FromBase64String(content));
            return true;
        }
        if (saved?.StateFileSha256 is null) File.Delete(path);
        return false;
    }
}
