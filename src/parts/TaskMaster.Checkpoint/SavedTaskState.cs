using TaskMaster.Core.Checkpoints;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.Storage;
using TaskMaster.LocalHome;

namespace TaskMaster.Checkpoint;

/// <summary>Puts a task's state file back as a checkpoint saved it (resume from a named checkpoint, rollback).</summary>
internal static class SavedTaskState
{
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
