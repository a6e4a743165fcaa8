using TaskMaster.Core.Events;

namespace TaskMaster.Monitor.History;

/// <summary>
/// The attempts' timeline and the errors of a run, folded from its journal one event at a time, so
/// that a reader may feed it only what was appended since it last looked. Not thread-safe: its owner
/// (<see cref="JournalHistory"/>) serializes it.
/// </summary>
internal sealed class AttemptTimeline
{
    private readonly List<TimelineEntry> _timeline = [];
    // The open attempt of each task: its index in the timeline.
    private readonly Dictionary<string, int> _open = new(StringComparer.Ordinal);
    private readonly List<HistoryError> _errors = [];

    public DateTimeOffset? StartedAt { get; private set; }

    /// <summary>A copy of the attempts so far: entries change as attempts end, so a reader must not share the list.</summary>
    public TimelineEntry[] Timeline() => [.. _timeline];

    /// <summary>A copy of the errors so far.</summary>
    public HistoryError[] Errors() => [.. _errors];

    public void Apply(RunEvent e)
    {
        var ms = e.At.ToUnixTimeMilliseconds();
        switch (e)
        {
            case RunStarted s: StartedAt ??= s.At; break;
            case TaskStarted s:
                _open[s.TaskId] = _timeline.Count;
                _timeline.Add(new TimelineEntry(s.TaskId, s.Attempt, ms, null, AttemptOutcome.Running));
                break;
            case TaskSucceeded s: Close(s.TaskId, ms, AttemptOutcome.Succeeded); break;
            case TaskFailed f:
                Close(f.TaskId, ms, AttemptOutcome.Failed);
                _errors.Add(new HistoryError(ms, f.TaskId, f.Class.ToString().ToLowerInvariant(), f.Reason));
                break;
            case TaskCancelled c: Close(c.TaskId, ms, AttemptOutcome.Cancelled); break;
            case ExecutorFaulted x: _errors.Add(new HistoryError(ms, x.TaskId, "executor", x.Reason)); break;
            case CheckpointFailed c: _errors.Add(new HistoryError(ms, null, "checkpoint", c.Error)); break;
            // A new executor of the same run (resume): what the old one left open never ended on record.
            case RunInterrupted:
                foreach (var id in _open.Keys.ToList()) Close(id, ms, AttemptOutcome.Cancelled);
                break;
        }
    }

    private void Close(string taskId, long ms, AttemptOutcome outcome)
    {
        if (!_open.Remove(taskId, out var index)) return;
        _timeline[index] = _timeline[index] with { EndMs = ms, Outcome = outcome };
    }
}
