using TaskMaster.Core.Events;
using TaskMaster.Core.State;

namespace TaskMaster.Monitor.History;

/// <summary>
/// The attempts' timeline and the errors of a run, folded from its journal one event at a time, so
/// that a reader may feed it only what was appended since it last looked. The attempts are the core's
/// <see cref="AttemptLog"/> (the one definition of an attempt's start and end). Not thread-safe: its
/// owner (<see cref="JournalHistory"/>) serializes it.
/// </summary>
internal sealed class AttemptTimeline
{
    private readonly AttemptLog _attempts = new();
    // The attempts in the contract's shape, kept in step with the log: a read copies references, never converts them all.
    private readonly List<TimelineEntry> _timeline = [];
    private readonly List<int> _changed = [];
    private readonly List<HistoryError> _errors = [];

    public DateTimeOffset? StartedAt { get; private set; }

    /// <summary>A copy of the attempts so far, as the contract shapes them: entries change as attempts end, so a reader must not share the list.</summary>
    public TimelineEntry[] Timeline() => [.. _timeline];

    /// <summary>A copy of the errors so far.</summary>
    public HistoryError[] Errors() => [.. _errors];

    public void Apply(RunEvent e)
    {
        _changed.Clear();
        _attempts.Apply(e, _changed);
        foreach (var index in _changed)
        {
            var entry = TimelineEntry.Of(_attempts.Attempts[index]);
            if (index == _timeline.Count) _timeline.Add(entry);
            else _timeline[index] = entry;
        }
        var ms = e.At.ToUnixTimeMilliseconds();
        switch (e)
        {
            case RunStarted s: StartedAt ??= s.At; break;
            case TaskFailed f: _errors.Add(new HistoryError(ms, f.TaskId, f.Class.ToString().ToLowerInvariant(), f.Reason)); break;
            case ExecutorFaulted x: _errors.Add(new HistoryError(ms, x.TaskId, "executor", x.Reason)); break;
            case CheckpointFailed c: _errors.Add(new HistoryError(ms, null, "checkpoint", c.Error)); break;
        }
    }
}
