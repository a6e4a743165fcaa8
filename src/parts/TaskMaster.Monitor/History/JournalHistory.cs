using TaskMaster.Checkpoint.Journal;
using TaskMaster.Core.Scheduling;
using TaskMaster.LocalHome;

namespace TaskMaster.Monitor.History;

/// <summary>
/// A run's history kept up to date from its journal incrementally: each <see cref="Read"/> reads only
/// the lines appended since the last one (from the byte offset and sequence it stopped at) and folds
/// them into the timeline built so far, so that a dashboard asking again and again on a days-long run
/// costs what was appended, not the whole journal. An unfinished last line is left for the next read.
/// A journal that no longer continues what was read (cut shorter, or replaced) is read again whole.
/// A damaged record that valid ones follow (and that the mirror cannot repair) ends the timeline
/// there, and the document says so, rather than showing less as if that were all.
/// Thread-safe: concurrent requests take turns.
/// </summary>
public sealed class JournalHistory(HomeLayout home, string runId)
{
    private readonly Lock _gate = new();
    private readonly JournalFollower _journal = new(JournalFiles.Of(home, runId));
    private AttemptTimeline _timeline = new();

    public string RunId => runId;

    public HistoryDocument Read()
    {
        TimelineEntry[] timeline;
        HistoryError[] errors;
        DateTimeOffset? startedAt;
        JournalDamage? damage;
        lock (_gate)
        {
            var (events, restarted) = _journal.ReadMore();
            if (restarted) _timeline = new AttemptTimeline();
            foreach (var e in events) _timeline.Apply(e);
            (timeline, errors, startedAt, damage) = (_timeline.Timeline(), _timeline.Errors(), _timeline.StartedAt, _journal.Damage);
        }
        return HistoryDocument.Compose(home, runId, startedAt, timeline, errors,
            damage is null ? null : $"{damage.Describe()}. {JournalDamage.WhatToDo}");
    }
}
