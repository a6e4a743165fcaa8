using TaskMaster.Core.Events;
using TaskMaster.Core.Queue;

namespace TaskMaster.Monitor.Runs;

/// <summary>The queue a run ran, read back from the file its journal's start names: refused when it moved or changed since.</summary>
public static class RunQueue
{
    /// <returns>The queue, or why the run's tasks cannot be known from it.</returns>
    public static (QueueDefinition? Queue, string? Problem) Load(string runId, RunStarted started)
    {
        ArgumentNullException.ThrowIfNull(started);
        if (!File.Exists(started.QueuePath))
            return (null, $"the queue of run {runId} ({started.QueuePath}) is gone");
        var parsed = QueueParser.ParseFile(started.QueuePath);
        if (parsed.Queue is not { } queue || queue.ContentHash != started.QueueHash)
            return (null, $"the queue of run {runId} ({started.QueuePath}) changed since the run");
        return (queue, null);
    }
}
