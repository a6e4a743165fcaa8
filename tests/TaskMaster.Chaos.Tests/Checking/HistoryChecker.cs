using TaskMaster.Core.Events;

namespace TaskMaster.Chaos.Tests.Checking;

/// <summary>
/// The campaign's checks over one run's <see cref="RunHistory"/>, in the manner of Jepsen's checkers:
/// pure functions of what the tasks wrote, what a client was shown, what the journal holds and when the faults were on.
/// </summary>
public static class HistoryChecker
{
    public static CheckResult Check(RunHistory history, TimeSpan livenessBound)
    {
        var evidence = new List<string>();
        var (duplicates, unexplained) = Duplicates(history, evidence);
        var liveness = Liveness(history, livenessBound, evidence, out var recoveredIn);
        return new CheckResult(
            Faults: history.Faults.Count,
            Attempts: history.Attempts.Count,
            Lost: Lost(history, evidence),
            Unexpected: Unexpected(history, evidence),
            Duplicates: duplicates,
            UnexplainedDuplicates: unexplained,
            Order: Order(history, evidence),
            Fencing: Fencing(history, evidence),
            Liveness: liveness,
            Leftovers: Leftovers(history, evidence),
            RecoveredIn: recoveredIn,
            Evidence: evidence);
    }

    /// <summary>Events a client was shown that the journal no longer holds (a success acknowledged, then gone).</summary>
    public static int Lost(RunHistory history, List<string> evidence)
    {
        var journaled = history.Journal.Select(Describe).ToHashSet(StringComparer.Ordinal);
        var lost = history.Acknowledged.Select(Describe).Where(e => !journaled.Contains(e)).Distinct(StringComparer.Ordinal).ToList();
        evidence.AddRange(lost.Select(e => $"lost: acknowledged `{e}` is not in the journal"));
        return lost.Count;
    }

    /// <summary>Successes in the journal with no attempt of that number that exited 0.</summary>
    public static int Unexpected(RunHistory history, List<string> evidence)
    {
        var exitedZero = history.Attempts.Where(a => a.Succeeded).Select(a => (a.TaskId, a.Attempt)).ToHashSet();
        var unexpected = history.Journal.OfType<TaskSucceeded>().Where(s => !exitedZero.Contains((s.TaskId, s.Attempt))).ToList();
        evidence.AddRange(unexpected.Select(s => $"unexpected: {s.TaskId} attempt {s.Attempt} succeeded (event {s.Sequence}) with no attempt that exited 0"));
        return unexpected.Count;
    }

    /// <summary>
    /// Attempts that should not have run: one that started while an earlier attempt of the task still ran,
    /// after one had already exited 0, or under an attempt number already started. A duplicate is explained
    /// when a fault was on between the first dispatch of either attempt (its journaled <c>TaskStarted</c>:
    /// a dispatch queued before a scheduler crash may start only after it healed) and its own start.
    /// </summary>
    public static (int Duplicates, int Unexplained) Duplicates(RunHistory history, List<string> evidence)
    {
        var dispatched = history.Journal.OfType<TaskStarted>().GroupBy(s => (s.TaskId, s.Attempt)).ToDictionary(g => g.Key, g => g.Min(s => s.At));
        DateTimeOffset InFlightSince(AttemptRecord a) => dispatched.TryGetValue((a.TaskId, a.Attempt), out var at) && at < a.StartedAt ? at : a.StartedAt;
        int duplicates = 0, unexplained = 0;
        foreach (var attempts in history.Attempts.GroupBy(a => a.TaskId))
        {
            var seen = new List<AttemptRecord>();
            foreach (var attempt in attempts.OrderBy(a => a.StartedAt))
            {
                var earlier = seen.FirstOrDefault(q => q.Attempt == attempt.Attempt
                    || q.EndedAt is null || q.EndedAt > attempt.StartedAt
                    || q.Succeeded && q.EndedAt <= attempt.StartedAt);
                seen.Add(attempt);
                if (earlier is null) continue;
                duplicates++;
                var since = InFlightSince(earlier) < InFlightSince(attempt) ? InFlightSince(earlier) : InFlightSince(attempt);
                if (history.Faults.Any(f => f.Overlaps(since, attempt.StartedAt))) continue;
                unexplained++;
                evidence.Add($"duplicate: {attempt.TaskId} attempt {attempt.Attempt} ({attempt.AttemptId}) started at {attempt.StartedAt:HH:mm:ss.fff} "
                    + $"after attempt {earlier.Attempt} ({earlier.AttemptId}, started {earlier.StartedAt:HH:mm:ss.fff}, exit {earlier.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}) with no fault between");
            }
        }
        return (duplicates, unexplained);
    }

    /// <summary>Attempts that started before the success of one of their task's dependencies was journaled (or with none journaled).</summary>
    public static int Order(RunHistory history, List<string> evidence)
    {
        var durable = history.Journal.OfType<TaskSucceeded>().GroupBy(s => s.TaskId)
            .ToDictionary(g => g.Key, g => TruncatedToMilliseconds(g.Min(s => s.At)), StringComparer.Ordinal);
        var order = 0;
        foreach (var attempt in history.Attempts)
        {
            foreach (var dependency in history.Dependencies.GetValueOrDefault(attempt.TaskId) ?? [])
            {
                if (durable.TryGetValue(dependency, out var at) && attempt.StartedAt >= at) continue;
                order++;
                evidence.Add($"order: {attempt.TaskId} attempt {attempt.Attempt} started at {attempt.StartedAt:HH:mm:ss.fff} before {dependency}'s success was journaled"
                    + (durable.ContainsKey(dependency) ? $" (at {at:HH:mm:ss.fff})" : " (it never was)"));
            }
        }
        return order;
    }

    /// <summary>
    /// Writes a single writer would not make: sequence numbers that do not rise one by one, events after the
    /// run's end (its final checkpoint aside); and writes the store accepted from a stale leader: an entry whose
    /// fencing token is lower than an earlier entry's (the fence should have refused it), or that keeps no token.
    /// </summary>
    public static int Fencing(RunHistory history, List<string> evidence)
    {
        var fencing = 0;
        for (var i = 1; i < history.Journal.Count; i++)
        {
            if (history.Journal[i].Sequence == history.Journal[i - 1].Sequence + 1) continue;
            fencing++;
            evidence.Add($"fencing: event {history.Journal[i].Sequence} ({history.Journal[i].GetType().Name}) follows event {history.Journal[i - 1].Sequence}");
        }
        // The final checkpoint is asked for once the end is published, so it follows RunCompleted by design.
        var end = history.Journal.ToList().FindIndex(e => e is RunCompleted);
        var after = end < 0 ? [] : history.Journal.Skip(end + 1).Where(e => e is not (CheckpointTaken or CheckpointFailed)).ToList();
        if (after.Count > 0)
        {
            fencing += after.Count;
            evidence.Add($"fencing: events after the run completed (event {history.Journal[end].Sequence}): {string.Join(", ", after.Select(e => $"{e.Sequence} {e.GetType().Name}"))}");
        }
        return fencing + StaleWrites(history, evidence);
    }

    // Each term's token is higher than every earlier one's, and a new leader raises the run's fence before it
    // writes: once a token has written, an entry of a lower one is a stale leader's write that got in.
    private static int StaleWrites(RunHistory history, List<string> evidence)
    {
        var stale = 0;
        RunEvent? newest = null;
        var newestToken = 0L;
        foreach (var e in history.Journal)
        {
            if (!history.FencingTokens.TryGetValue(e.Sequence, out var token))
            {
                stale++;
                evidence.Add($"fencing: event {e.Sequence} ({e.GetType().Name}) keeps no fencing token");
            }
            else if (token < newestToken)
            {
                stale++;
                evidence.Add($"fencing: event {e.Sequence} ({e.GetType().Name}) was accepted from fencing token {token} after event {newest!.Sequence} from token {newestToken}: a stale leader's write got in");
            }
            else if (token > newestToken || newest is null)
            {
                (newest, newestToken) = (e, token);
            }
        }
        return stale;
    }

    /// <summary>1 unless the run completed successfully within <paramref name="bound"/> of the last fault's healing (or of its submission).</summary>
    public static int Liveness(RunHistory history, TimeSpan bound, List<string> evidence, out TimeSpan? recoveredIn)
    {
        var healed = history.Faults.Select(f => f.HealedAt).Append(history.SubmittedAt).Max();
        var completed = history.Journal.OfType<RunCompleted>().FirstOrDefault();
        recoveredIn = completed is null ? null : completed.At - healed;
        if (completed is { Succeeded: true } && recoveredIn <= bound) return 0;
        var interrupted = history.Journal.OfType<RunInterrupted>().LastOrDefault();
        evidence.Add(completed is null
            ? $"liveness: the run had not completed {bound.TotalSeconds:0}s after the last fault healed ({healed:HH:mm:ss.fff})"
                + (interrupted is null ? "" : $"; it was interrupted at {interrupted.At:HH:mm:ss.fff} (event {interrupted.Sequence}): {interrupted.Reason}")
            : completed.Succeeded
                ? $"liveness: the run completed {recoveredIn!.Value.TotalSeconds:0.0}s after the last fault healed, beyond {bound.TotalSeconds:0}s"
                : "liveness: the run completed unsuccessfully: " + string.Join(", ", history.Journal.OfType<TaskFailed>().Where(f => !f.WillRetry).Select(f => $"{f.TaskId} attempt {f.Attempt}")));
        return 1;
    }

    /// <summary>Messages left in the broker's queues (error queues aside) and task processes left running.</summary>
    public static int Leftovers(RunHistory history, List<string> evidence)
    {
        var messages = history.LeftoverMessages.Values.Sum();
        if (messages > 0) evidence.Add($"leftovers: {messages} messages left in the broker's queues: {string.Join(", ", history.LeftoverMessages.Select(q => $"{q.Key} {q.Value}"))}");
        if (history.LeftoverProcesses > 0) evidence.Add($"leftovers: {history.LeftoverProcesses} task processes left running");
        return messages + history.LeftoverProcesses;
    }

    private static string Describe(RunEvent e) => $"{e.Sequence} {e.GetType().Name} {e.At:O}";

    // The tasks write their start in whole milliseconds.
    private static DateTimeOffset TruncatedToMilliseconds(DateTimeOffset at) => DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds());
}
