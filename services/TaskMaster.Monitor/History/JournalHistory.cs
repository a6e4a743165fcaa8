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
/// A damaged record that valid ones follow (and that the mirror cannot repair) ends the timeline
/// there, and the document says so, rather than showing less as if that were all.
/// Thread-safe: concurrent requests take turns.
/// </summary>
public sealed class JournalHistory(HomeLayout home, string runId)
{
    private readonly Lock _gate = new();
    private AttemptTimeline _timeline = new();
    private long _goodLength;
    private long _lastSequence;
    private string? _damage;

    public string RunId => runId;

    public HistoryDocument Read()
    {
        TimelineEntry[] timeline;
        HistoryError[] errors;
        DateTimeOffset? startedAt;
        string? damage;
        lock (_gate)
        {
            CatchUp();
            (timeline, errors, startedAt, damage) = (_timeline.Timeline(), _timeline.Errors(), _timeline.StartedAt, _damage);
        }
        return new HistoryDocument(runId, startedAt,
            SampleStore.Read(MonitoringLayout.SamplesFile(home, runId)),
            timeline, errors,
            AlertCenter.ReadFile(MonitoringLayout.AlertsFile(home, runId)),
            damage);
    }

    private void CatchUp()
    {
        var files = JournalFiles.Of(home, runId);
        if (!File.Exists(files.Path))
        {
            if (_lastSequence > 0) Reset();
            return;
        }
        // The damage stays where it is for as long as this process reads the run: only a resume (another process) repairs or cuts it.
        if (_damage is not null) return;
        var read = JournalReader.ReadAppended(files, _goodLength, _lastSequence);
        // Nothing of the journal follows what was read: it is not the file we were reading any more.
        if (read is { Problem: not null, TornTail: false, Damage: null, Events.Count: 0 } && _lastSequence > 0)
        {
            Reset();
            read = JournalReader.ReadAppended(files, 0, 0);
        }
        foreach (var e in read.Events) _timeline.Apply(e);
        _goodLength = read.GoodLength;
        _lastSequence = read.LastSequence;
        if (read.Damage is { } damage) _damage = $"{damage.Describe()}. {JournalDamage.WhatToDo}";
    }

    private void Reset()
    {
        _timeline = new AttemptTimeline();
        _goodLength = 0;
        _lastSequence = 0;
        _damage = null;
    }
}
