using TaskMaster.Core.Events;
using TaskMaster.Core.Queue;

namespace TaskMaster.Monitor.Cluster;

/// <summary>
/// The queue a run of the cluster runs, which the monitor service needs to fold the run's events
/// (tasks, dependencies): its events name the queue, not its tasks.
/// </summary>
public interface IRunQueueSource
{
    /// <returns>The queue, or why it cannot be had (gone, changed since the run started).</returns>
    ValueTask<(QueueDefinition? Queue, string? Problem)> LoadAsync(RunStarted started, CancellationToken cancellationToken);
}

/// <summary>
/// The queue read from the shared volume: a run's queue folder is mounted at the same path on the
/// scheduler, every worker and the monitor service, so <see cref="RunStarted.QueuePath"/> names it here too.
/// A file whose content no longer hashes as the run's start says is refused.
/// </summary>
public sealed class SharedVolumeQueueSource : IRunQueueSource
{
    public async ValueTask<(QueueDefinition? Queue, string? Problem)> LoadAsync(RunStarted started, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(started);
        byte[] content;
        try
        {
            content = await File.ReadAllBytesAsync(started.QueuePath, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, $"the queue of run {started.RunId} ({started.QueuePath}) cannot be read here: {e.Message} (is the shared volume mounted?)");
        }
        var parsed = QueueParser.Parse(content, started.QueuePath);
        if (parsed.Queue is not { } queue || queue.ContentHash != started.QueueHash)
            return (null, $"the queue of run {started.RunId} ({started.QueuePath}) changed since the run started");
        return (queue, null);
    }
}
