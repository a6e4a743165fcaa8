using TaskMaster.Core.Scheduling;
using TaskMaster.Core.Storage;
using TaskMaster.LocalHome;

namespace TaskMaster.RabbitMq;

/// <summary>
/// Task state files (<c>TASKMASTER_STATE_FILE</c>) carried in messages: the worker returns the file
/// with the result, the scheduler keeps it where checkpoints read it, and sends it with the next
/// attempt, so a task continues from its state on whichever worker runs it.
/// </summary>
public sealed class TaskStateFiles(HomeLayout home, long maxBytes = TaskStateFiles.DefaultMaxBytes)
{
    /// <summary>8 MiB: far below RabbitMQ's largest message, far above what a state file is for.</summary>
    public const long DefaultMaxBytes = 8L << 20;

    public HomeLayout Home { get; } = home;

    /// <summary>The file's content; null when the task has none, or when it is larger than the limit (<paramref name="tooLarge"/> says so).</summary>
    /// <exception cref="IOException">It could not be read.</exception>
    public byte[]? Read(string runId, string taskId, out bool tooLarge)
    {
        var path = Home.TaskStateFile(runId, taskId);
        var file = new FileInfo(path);
        tooLarge = file.Exists && file.Length > maxBytes;
        return file.Exists && !tooLarge ? File.ReadAllBytes(path) : null;
    }

    /// <summary>Replaces the file with <paramref name="content"/>, readable by its owner only.</summary>
    /// <exception cref="IOException">It could not be written.</exception>
    public void Write(string runId, string taskId, byte[] content)
    {
        var path = Home.TaskStateFile(runId, taskId);
        PrivateFiles.CreateParentOf(path);
        var temporary = path + ".incoming";
        PrivateFiles.WriteAllBytes(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }
}
