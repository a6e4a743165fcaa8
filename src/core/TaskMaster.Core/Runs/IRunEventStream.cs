using System.Runtime.CompilerServices;
using TaskMaster.Core.Events;

namespace TaskMaster.Core.Runs;

/// <summary>
/// A run's journaled events as a reader sees them: in sequence order, from any position, and, when
/// followed, as they are appended. The scheduler resumes from it; the monitor service folds it. In the
/// cluster it is the run's Redis stream, the same one <see cref="Scheduling.IEventJournal"/> appends to.
/// </summary>
public interface IRunEventStream
{
    /// <summary>
    /// The events of <paramref name="runId"/> after <paramref name="afterSequence"/> (0: from the
    /// start). With <paramref name="follow"/> it waits for new ones until cancelled; without, it
    /// ends at the last event journaled so far.
    /// </summary>
    IAsyncEnumerable<RunEvent> ReadAsync(string runId, long afterSequence, bool follow, CancellationToken cancellationToken = default);
}

public static class RunEventStreamExtensions
{
    /// <summary>
    /// The run's events as a watcher wants them (the scheduler API's <c>WatchRun</c>, wherever it is
    /// served): with <paramref name="follow"/>, the stream ends after the run's last word,
    /// <see cref="RunCompleted"/>, or <see cref="RunInterrupted"/> (a watcher of a run that resumes asks again from there).
    /// </summary>
    public static async IAsyncEnumerable<RunEvent> WatchAsync(this IRunEventStream stream, string runId, long afterSequence, bool follow,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        await foreach (var e in stream.ReadAsync(runId, afterSequence, follow, cancellationToken).ConfigureAwait(false))
        {
            yield return e;
            if (follow && e is RunCompleted or RunInterrupted) yield break;
        }
    }
}
