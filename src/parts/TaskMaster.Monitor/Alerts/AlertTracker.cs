using System.Globalization;

namespace TaskMaster.Monitor.Alerts;

/// <summary>
/// Turns the rules' verdicts into alerts that fire and resolve without flapping: an alert fires on
/// a breach, holds between thresholds, and resolves only after its condition has been clear for
/// <see cref="AlertOptions.ResolveAfter"/> (at once on the final evaluation, when the run ends). A
/// per-task alert resolves as soon as its task is no longer named: its cause is a fact of the run's
/// events (the task succeeded, was retried or settled by hand), not a measurement that may swing back.
/// Alerts a previous executor of the run left firing (it was killed) are judged afresh: the first
/// evaluation keeps those whose condition still holds and resolves the others at once. Not thread-safe.
/// </summary>
public sealed class AlertTracker
{
    private readonly Dictionary<string, Tracked> _firing = new(StringComparer.Ordinal);
    private readonly string _runId;
    private readonly TimeSpan _resolveAfter;

    /// <param name="inherited">Alerts of this run still firing when its previous executor ended.</param>
    public AlertTracker(string runId, TimeSpan resolveAfter, IEnumerable<Alert>? inherited = null)
    {
        _runId = runId;
        _resolveAfter = resolveAfter;
        foreach (var alert in inherited ?? [])
            _firing[KeyOf(alert)] = new Tracked(alert) { Inherited = true };
    }

    /// <summary>The key of <see cref="AlertCondition.Key"/> for an alert: its name, and its task.</summary>
    public static string KeyOf(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return alert.Labels.TryGetValue("task_id", out var task) ? $"{alert.Name}/{task}" : alert.Name;
    }

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
                case Verdict.Breach when firing is not null:
                    (firing.ClearSince, firing.Inherited) = (null, false);
                    break;
                case Verdict.Hold when firing is { Inherited: false }:
                    firing.ClearSince = null;
                    break;
                case Verdict.Clear or Verdict.Hold when firing is not null:
                    Clear(condition.Key, firing, now, final || firing.Inherited, changes);
                    break;
            }
        }
        // A per-task alert whose task no rule names any more: its cause is gone.
        foreach (var (key, firing) in _firing.Where(f => !seen.Contains(f.Key)).ToList())
            Clear(key, firing, now, final || firing.Inherited || firing.Alert.Labels.ContainsKey("task_id"), changes);
        return changes;
    }

    private void Clear(string key, Tracked firing, DateTimeOffset now, bool atOnce, List<Alert> changes)
    {
        firing.ClearSince ??= now;
        if (!atOnce && now - firing.ClearSince < _resolveAfter) return;
        _firing.Remove(key);
        changes.Add(firing.Alert with { State = AlertState.Resolved, EndsAt = now });
    }

    private Alert Fire(AlertCondition condition, DateTimeOffset now)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal) { ["run_id"] = _runId };
        if (condition.TaskId is not null) labels["task_id"] = condition.TaskId;
        var id = string.Create(CultureInfo.InvariantCulture, $"{condition.Key}@{now.ToUnixTimeMilliseconds()}");
        return new Alert(id, condition.Name, condition.Severity, AlertState.Firing, condition.Summary, condition.Description, now, null, labels);
    }

    private sealed class Tracked(Alert alert)
    {
        public Alert Alert { get; } = alert;

        public DateTimeOffset? ClearSince { get; set; }

        /// <summary>Fired by a previous executor of the run, not yet judged by this one.</summary>
        public bool Inherited { get; set; }
    }
}
