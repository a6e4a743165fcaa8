using TaskMaster.Core.Events;

namespace TaskMaster.Core.State;

/// <summary>
/// Every attempt of a run, folded from its events one at a time by the <see cref="AttemptSpan"/>
/// definition, so that a reader of a journal may feed it only what was appended since it last looked.
/// The run state keeps only each task's latest attempt; this keeps them all (the timeline, the reports).
/// Not thread-safe.
/// </summary>
public sealed class AttemptLog
{
    private readonly List<AttemptRecord> _attempts = [];
    // The open attempt of each task: its index in the list.
    private readonly Dictionary<string, int> _open = new(StringComparer.Ordinal);
    private DateTimeOffset? _lastEventAt;

    /// <summary>The attempts so far, in the order they started; entries are replaced as attempts end.</summary>
    public IReadOnlyList<AttemptRecord> Attempts => _attempts;

    /// <param name="changed">When given, receives the index of every attempt the event started or ended.</param>
    public void Apply(RunEvent e, ICollection<int>? changed = null)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e is TaskStarted s)
        {
            // A start while one is open can only follow a journal that lost the end: the new one wins.
            Close(s.TaskId, s.Attempt - 1, s.At, AttemptOutcome.Cancelled, anyAttempt: true, changed);
            _open[s.TaskId] = _attempts.Count;
            changed?.Add(_attempts.Count);
            _attempts.Add(new AttemptRecord(s.TaskId, s.Attempt, s.At, null, AttemptOutcome.Running));
        }
        else if (AttemptSpan.EndedBy(e) is { } ended) Close(ended.TaskId, ended.Attempt, e.At, ended.Outcome, anyAttempt: false, changed);
        else if (AttemptSpan.EndsEveryOpenAttempt(e) && _open.Count > 0)
        {
            var at = AttemptSpan.EndTime(e, _lastEventAt);
            foreach (var taskId in _open.Keys.ToList()) Close(taskId, 0, at, AttemptOutcome.Cancelled, anyAttempt: true, changed);
        }
        _lastEventAt = e.At;
    }

    private void Close(string taskId, int attempt, DateTimeOffset at, AttemptOutcome outcome, bool anyAttempt, ICollection<int>? changed)
    {
        if (!_open.TryGetValue(taskId, out var index)) return;
        if (!anyAttempt && _attempts[index].Attempt != attempt) return;
        _open.Remove(taskId);
        _attempts[index] = _attempts[index] with { EndedAt = at, Outcome = outcome };
        changed?.Add(index);
    }
}

/// <summary>One attempt of a task: from its start to its end (null while it runs).</summary>
public sealed record AttemptRecord(string TaskId, int Attempt, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, AttemptOutcome Outcome)
{
    /// <summary>By <see cref="AttemptSpan.Duration"/>; null while it runs.</summary>
    public TimeSpan? Duration => EndedAt is { } end ? AttemptSpan.Duration(StartedAt, end) : null;

    /// <summary>Its duration, a running one's up to <paramref name="now"/>.</summary>
    public TimeSpan DurationUntil(DateTimeOffset now) => AttemptSpan.Duration(StartedAt, EndedAt ?? now);
}
