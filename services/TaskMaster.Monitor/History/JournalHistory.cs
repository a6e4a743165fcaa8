using TaskMaster.Checkpoint.Journal;
using TaskMaster.Core.Scheduling;
using TaskMaster.Monitor.Alerts;

namespace TaskMaster.Monitor.History;

/// <summary>
/// A run's history kept up to date from its journal incrementally: each <see cref="Read"/> reads only
/// the lines appended since the last one (from the byte offset and sequence it stopped at) and folds
/// them into the timeline built so far, so that a dashboard asking again and again on a days-long run
/// costs what was appended, not the whole journal. An unfinished last line is left for the next read.
/// A journal that no longer continues what was read (cut shorter, or replaced) is read again whole.
/// Thread-safe: concurrent requests take turns.
/// </summary>
public sealed class JournalHistory(HomeLayout home, string runId)
{
    private readonly Lock _gate = new();
    private AttemptTimeline _timeline = new();
    private long _goodLength;
    private long _lastSequence;

    public string RunId => runId;

    public HistoryDocument Read()
    {
        TimelineEntry[] timeline;
        HistoryError[] errors;
        DateTimeOffset? startedAt;
        lock (_gate)
        {
            CatchUp();
            (timeline, errors, startedAt) = (_timeline.Timeline(), _timeline.Errors(), _timeline.StartedAt);
        }
        return new HistoryDocument(runId, startedAt,
            SampleStore.Read(MonitoringLayout.SamplesFile(home, runId)),
            timeline, errors,
            AlertCenter.ReadFile(MonitoringLayout.AlertsFile(home, runId)));
    }

    private void CatchUp()
    {
        var path = home.JournalPath(runId);
        if (!File.Exists(path))
        {
            if (_lastSequence > 0) Reset();
            return;
        }
        var read = JournalReader.ReadAppended(path, _goodLength, _lastSequence);
        // Nothing of the journal follows what was read: it is not the file we were reading any more.
        if (read.Problem is not null && !read.TornTail && read.Events.Count == 0 && _lastSequence > 0)
        {
            Reset();
            read = JournalReader.ReadAppended(path, 0, 0);
        }
        foreach (var e in read.Events) _timeline.Apply(e);
        _goodLength = read.GoodLength;
        _lastSequence = read.LastSequence;
    }

    private void Reset()
    {
        _timeline = new AttemptTimeline();
        _goodLength = 0;
        _lastSequence = 0;
    }
}
