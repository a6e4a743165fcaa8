namespace TaskMaster.Chaos.Tests.Campaign;

/// <summary>One fault of a schedule: when (from the run's submission), what, on which worker (for a worker's fault), held how long.</summary>
public sealed record PlannedFault(TimeSpan At, FaultKind Kind, int Worker, TimeSpan Hold);

/// <summary>
/// A seeded random schedule of faults over a window: the same seed, kinds, window and worker count give
/// the same schedule, so a failing one replays with <c>--seed</c>. Faults come one after another, a few
/// seconds apart; the injector waits for one to heal before the next.
/// </summary>
public static class FaultSchedule
{
    public static IReadOnlyList<PlannedFault> Plan(int seed, IReadOnlyList<FaultKind> kinds, TimeSpan window, int workers)
    {
        ArgumentOutOfRangeException.ThrowIfZero(kinds.Count);
        var random = new Random(seed);
        var faults = new List<PlannedFault>();
        // The first fault once the run is under way; the last early enough that the run ends after it heals.
        var at = TimeSpan.FromSeconds(1 + random.NextDouble() * 2);
        while (at < window * 0.8)
        {
            var kind = kinds[random.Next(kinds.Count)];
            var hold = Hold(kind, random);
            faults.Add(new PlannedFault(at, kind, kind.HitsAWorker ? random.Next(workers) : 0, hold));
            at += hold + TimeSpan.FromSeconds(2 + random.NextDouble() * 6);
        }
        return faults;
    }

    // A worker's pause is at times longer than its 5 s lease; the leader's always longer than its lease (by 2–4 s),
    // so that a standby takes over and the woken one finds its term ended.
    private static TimeSpan Hold(FaultKind kind, Random random) =>
        kind == FaultKind.WorkerPause ? TimeSpan.FromSeconds(1 + random.NextDouble() * 7)
        : kind == FaultKind.LeaderPause ? ChaosStack.SchedulerLease + TimeSpan.FromSeconds(2 + random.NextDouble() * 2)
        : TimeSpan.FromSeconds(random.NextDouble() * 4);
}
