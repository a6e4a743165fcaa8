using TaskMaster.Core.Events;
using TaskMaster.Core.Scheduling;
using TaskMaster.LocalHome;

namespace TaskMaster.Monitor.History;

/// <summary>
/// Builds a run's history from what it left on disk: the journal (the attempts' timeline and the
/// errors), the samples and the alerts of its monitoring folder. The live API and the report both
/// read it through <see cref="JournalHistory"/>, so they agree; reading a journal still being
/// written stops at its last whole line.
/// </summary>
public static class HistoryBuilder
{
    /// <summary>The whole history, read once (the report). The live API keeps one <see cref="JournalHistory"/> and reads only what was appended.</summary>
    public static HistoryDocument Build(HomeLayout home, string runId) => new JournalHistory(home, runId).Read();

    /// <summary>
    /// The history of a run known only by its events (what a scheduler service streams): the attempts'
    /// timeline and the errors; no resource samples or alerts, which are kept beside a home's journal.
    /// </summary>
    public static HistoryDocument Of(string runId, IEnumerable<RunEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var timeline = new AttemptTimeline();
        foreach (var e in events) timeline.Apply(e);
        return new HistoryDocument(runId, timeline.StartedAt, [], timeline.Timeline(), timeline.Errors(), []);
    }
}
