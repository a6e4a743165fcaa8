using TaskMaster.Core.Events;
using TaskMaster.Core.Queue;
using TaskMaster.Core.Queue.Cache;
using TaskMaster.Core.Scheduling;
using TaskMaster.LocalHome;

namespace TaskMaster.Monitor.Runs;

/// <summary>The queue a run ran, read back from the file its journal's start names: refused when it moved or changed since.</summary>
public static class RunQueue
{
    /// <param name="home">The home the run is in: its queue cache spares parsing a file that did not change.</param>
    /// <returns>The queue, or why the run's tasks cannot be known from it.</returns>
    public static (QueueDefinition? Queue, string? Problem) Load(HomeLayout home, string runId, RunStarted started)
    {
        ArgumentNullException.ThrowIfNull(home);
        ArgumentNullException.ThrowIfNull(started);
        if (!File.Exists(started.QueuePath))
            return (null, $"the queue of run {runId} ({started.QueuePath}) is gone");
        var parsed = new QueueCache(home.QueueCacheDirectory).ParseFile(started.QueuePath);
        if (parsed.Queue is not { } queue || queue.ContentHash != started.QueueHash)
            return (null, $"the queue of run {runId} ({started.QueuePath}) changed since the run");
        return (queue, null);
    }
}
