namespace TaskMaster.Chaos.Tests.Checking;

/// <summary>
/// What the checker found in one run: a count per check (0 is a pass; duplicates pass while every one is
/// explained by a fault that overlapped it), and one line of evidence per finding, for replaying it.
/// </summary>
public sealed record CheckResult(
    int Faults,
    int Attempts,
    int Lost,
    int Unexpected,
    int Duplicates,
    int UnexplainedDuplicates,
    int Order,
    int Fencing,
    int Liveness,
    int Leftovers,
    TimeSpan? RecoveredIn,
    IReadOnlyList<string> Evidence)
{
    /// <summary>Every check holds: nothing lost, unexpected, out of order, fenced or left over; the run ended in time; every duplicate explained.</summary>
    public bool Passed => Lost == 0 && Unexpected == 0 && UnexplainedDuplicates == 0 && Order == 0 && Fencing == 0 && Liveness == 0 && Leftovers == 0;
}
