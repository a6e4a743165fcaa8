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
