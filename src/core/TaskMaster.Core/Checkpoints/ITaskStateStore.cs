namespace TaskMaster.Core.Checkpoints;

/// <summary>Where the cluster keeps task state files (what a task wrote to its <c>TASKMASTER_STATE_FILE</c>), checked on every read.</summary>
public interface ITaskStateStore
{
    /// <summary>Stores the file, replacing the task's last one; returns its SHA-256 (lowercase hex).</summary>
    Task<string> PutAsync(string runId, string taskId, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>The file as saved; null when the task has none.</summary>
    /// <exception cref="InvalidDataException">It does not hash to the SHA-256 saved with it; the message names it.</exception>
    Task<byte[]?> GetAsync(string runId, string taskId, CancellationToken cancellationToken);
}
