using TaskMaster.Chaos.Tests.Checking;
using TaskMaster.Core.Events;

namespace TaskMaster.Chaos.Tests.Checking;

/// <summary>
/// Hand-made histories for the checker's tests: a clean run of two tasks (<c>b</c> depends on <c>a</c>),
/// which every check passes, and what each test changes in it.
/// </summary>
internal static class Histories
{
    public static readonly DateTimeOffset T0 = new(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset At(double seconds) => T0.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));

    public static AttemptRecord Attempt(string task, int attempt, double start, double? end, int? exit, string? id = null) =>
        new(task, attempt, id ?? $"{task}-{attempt}", At(start), end is { } e ? At(e) : null, exit, "worker-1-home");

    public static TEvent Numbered<TEvent>(TEvent e, long sequence)
        where TEvent : RunEvent
    {
        e.Sequence = sequence;
        return e;
    }

    public static IReadOnlyList<RunEvent> CleanJournal() =>
    [
        Numbered(new RunStarted(At(0), "run-1", "chaos", "/q/task-queue.md", "hash", 2, 4, true), 1),
        Numbered(new TaskStarted(At(0.1), "a", 1), 2),
        Numbered(new TaskSucceeded(At(1.2), "a", 1, 0, TimeSpan.FromSeconds(1)), 3),
        Numbered(new TaskStarted(At(1.3), "b", 1), 4),
        Numbered(new TaskSucceeded(At(2.5), "b", 1, 0, TimeSpan.FromSeconds(1)), 5),
        Numbered(new RunCompleted(At(2.6), true), 6),
    ];

    /// <summary>Every event of <paramref name="journal"/> accepted from the writer of <paramref name="token"/>.</summary>
    public static IReadOnlyDictionary<long, long> Tokens(IEnumerable<RunEvent> journal, long token = 1) =>
        journal.GroupBy(e => e.Sequence).ToDictionary(g => g.Key, _ => token);

    public static RunHistory Clean() => new(
        Dependencies: new Dictionary<string, IReadOnlyList<string>> { ["a"] = [], ["b"] = ["a"] },
        Attempts: [Attempt("a", 1, 0.2, 1.1, 0), Attempt("b", 1, 1.4, 2.4, 0)],
        Acknowledged: CleanJournal(),
        Journal: CleanJournal(),
        FencingTokens: Tokens(CleanJournal()),
        Faults: [],
        SubmittedAt: T0,
        LeftoverMessages: new Dictionary<string, int>(),
        LeftoverProcesses: 0);
}
