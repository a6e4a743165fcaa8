using System.Globalization;

namespace TaskMaster.Monitor.Alerts;

/// <summary>
/// Turns the rules' verdicts into alerts that fire and resolve without flapping: an alert fires on
/// a breach, holds between thresholds, and resolves only after its condition has been clear for
/// <see cref="AlertOptions.ResolveAfter"/> (at once on the final evaluation, when the run ends).
/// A per-task alert whose task a rule no longer names is clear. Not thread-safe.
/// </summary>
public sealed class AlertTracker(string runId, TimeSpan resolveAfter)
{
    private readonly Dictionary<string, Tracked> _firing = new(StringComparer.Ordinal);

    /// <summary>The alerts firing now.</summary>
    public IEnumerable<Alert> Firing => _firing.Values.Select(t => t.Alert);

    /// <returns>The alerts that fired or resolved at this evaluation.</returns>
    public IReadOnlyList<Alert> Evaluate(IEnumerable<AlertCondition> conditions, DateTimeOffset now, bool final = false)
    {
        var changes = new List<Alert>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var condition in conditions)
        {
            seen.Add(condition.Key);
            var firing = _firing.GetValueOrDefault(condition.Key);
            switch (condition.Verdict)
            {
                case Verdict.Breach when firing is null:
                    var alert = Fire(condition, now);
                    _firing[condition.Key] = new Tracked(alert);
                    changes.Add(alert);
                    break;
                case Verdict.Breach or Verdict.Hold when firing is not null:
                    firing.ClearSince = null;
                    break;
                case Verdict.Clear when firing is not null:
                    Clear(condition.Key, firing, now, final, changes);
                    break;
            }
        }
        foreach (var (key, firing) in _firing.Where(f => !seen.Contains(f.Key)).ToList())
            Clear(key, firing, now, final, changes);
        return changes;
    }

    private void Clear(string key, Tracked firing, DateTimeOffset now, bool final, List<Alert> changes)
    {
        firing.ClearSince ??= now;
        if (!final && now - firing.ClearSince < resolveAfter) return;
        _firing.Remove(key);
        changes.Add(firing.Alert with { State = AlertState.Resolved, EndsAt = now });
    }

    private Alert Fire(AlertCondition condition, DateTimeOffset now)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal) { ["run_id"] = runId };
        if (condition.TaskId is not null) labels["task_id"] = condition.TaskId;
        var id = string.Create(CultureInfo.InvariantCulture, $"{condition.Key}@{now.ToUnixTimeMilliseconds()}");
        return new Alert(id, condition.Name, condition.Severity, AlertState.Firing, condition.Summary, condition.Description, now, null, labels);
    }

    private sealed class Tracked(Alert alert)
    {
        public Alert Alert { get; } = alert;

        public DateTimeOffset? ClearSince { get; set; }
    }
}
