using TaskMaster.Monitor.Alerts;
using static TaskMaster.Monitor.Tests.Support.Inputs;

namespace TaskMaster.Monitor.Tests.Alerts;

public sealed class AlertTrackerTests
{
    private static readonly TimeSpan ResolveAfter = TimeSpan.FromMinutes(1);
    private readonly AlertTracker _tracker = new("run-1", ResolveAfter);

    private static AlertCondition Stalled(Verdict verdict) =>
        new(AlertNames.RunStalled, null, verdict, AlertSeverity.Critical, "stalled", "no progress");

    [Fact]
    public void Evaluate_Breach_FiresOnceWithRunLabel()
    {
        var first = _tracker.Evaluate([Stalled(Verdict.Breach)], Start);
        var second = _tracker.Evaluate([Stalled(Verdict.Breach)], Start.AddSeconds(1));

        var alert = Assert.Single(first);
        Assert.Equal((AlertState.Firing, Start, "run-1"), (alert.State, alert.StartsAt, alert.Labels["run_id"]));
        Assert.Empty(second);
    }

    [Fact]
    public void Evaluate_ClearShorterThanResolveAfter_KeepsFiring()
    {
        _tracker.Evaluate([Stalled(Verdict.Breach)], Start);
        _tracker.Evaluate([Stalled(Verdict.Clear)], Start.AddSeconds(1));

        var changes = _tracker.Evaluate([Stalled(Verdict.Clear)], Start.AddSeconds(1) + ResolveAfter - TimeSpan.FromMilliseconds(1));

        Assert.Empty(changes);
        Assert.Single(_tracker.Firing);
    }

    [Fact]
    public void Evaluate_ClearForResolveAfter_Resolves()
    {
        _tracker.Evaluate([Stalled(Verdict.Breach)], Start);
        _tracker.Evaluate([Stalled(Verdict.Clear)], Start.AddSeconds(1));

        var resolved = Assert.Single(_tracker.Evaluate([Stalled(Verdict.Clear)], Start.AddSeconds(1) + ResolveAfter));

        Assert.Equal((AlertState.Resolved, Start.AddSeconds(1) + ResolveAfter), (resolved.State, resolved.EndsAt));
        Assert.Empty(_tracker.Firing);
    }

    [Fact]
    public void Evaluate_FlappingCondition_NeverResolvesNorFiresAgain()
    {
        var changes = new List<Alert>();
        for (var second = 0; second < 600; second++)
            changes.AddRange(_tracker.Evaluate([Stalled(second % 20 < 10 ? Verdict.Breach : Verdict.Clear)], Start.AddSeconds(second)));

        Assert.Single(changes);
    }

    [Fact]
    public void Evaluate_HoldBetweenThresholds_ResetsTheClearTimer()
    {
        _tracker.Evaluate([Stalled(Verdict.Breach)], Start);
        _tracker.Evaluate([Stalled(Verdict.Clear)], Start.AddSeconds(1));
        _tracker.Evaluate([Stalled(Verdict.Hold)], Start.AddSeconds(30));
        _tracker.Evaluate([Stalled(Verdict.Clear)], Start.AddSeconds(31));

        Assert.Empty(_tracker.Evaluate([Stalled(Verdict.Clear)], Start.AddSeconds(80)));
        Assert.Single(_tracker.Evaluate([Stalled(Verdict.Clear)], Start.AddSeconds(31) + ResolveAfter));
    }

    [Fact]
    public void Evaluate_HoldWhileNotFiring_DoesNotFire() =>
        Assert.Empty(_tracker.Evaluate([Stalled(Verdict.Hold)], Start));

    [Fact]
    public void Evaluate_Final_ResolvesClearAlertsAtOnceAndKeepsBreached()
    {
        var failing = new AlertCondition(AlertNames.PersistentFailures, "build", Verdict.Breach, AlertSeverity.Critical, "failed", "for good");
        _tracker.Evaluate([Stalled(Verdict.Breach), failing], Start);

        var changes = _tracker.Evaluate([Stalled(Verdict.Clear), failing], Start.AddSeconds(1), final: true);

        Assert.Equal(AlertNames.RunStalled, Assert.Single(changes).Name);
        Assert.Equal("build", Assert.Single(_tracker.Firing).Labels["task_id"]);
    }

    [Fact]
    public void Evaluate_TaskNoLongerNamed_ResolvesAtOnceItsCauseIsGone()
    {
        var failing = new AlertCondition(AlertNames.PersistentFailures, "build", Verdict.Breach, AlertSeverity.Warning, "failing", "3 in a row");
        _tracker.Evaluate([failing], Start);

        var resolved = Assert.Single(_tracker.Evaluate([], Start.AddSeconds(1)));

        Assert.Equal((AlertState.Resolved, Start.AddSeconds(1)), (resolved.State, resolved.EndsAt));
        Assert.Empty(_tracker.Firing);
    }

    [Fact]
    public void Evaluate_InheritedAlertWhoseConditionHolds_KeepsItAndFiresNoDuplicate()
    {
        var dead = Firing(AlertNames.PersistentFailures, "build");
        var tracker = new AlertTracker("run-1", ResolveAfter, [dead]);
        var failing = new AlertCondition(AlertNames.PersistentFailures, "build", Verdict.Breach, AlertSeverity.Critical, "failed", "for good");

        var changes = tracker.Evaluate([failing, Stalled(Verdict.Clear)], Start.AddMinutes(5));

        Assert.Empty(changes);
        Assert.Equal(dead.Id, Assert.Single(tracker.Firing).Id);
    }

    [Fact]
    public void Evaluate_InheritedAlertWhoseConditionIsClear_ResolvesAtTheFirstEvaluation()
    {
        var tracker = new AlertTracker("run-1", ResolveAfter, [Firing(AlertNames.RunStalled, null), Firing(AlertNames.PersistentFailures, "lint")]);

        var changes = tracker.Evaluate([Stalled(Verdict.Clear)], Start.AddMinutes(5));

        Assert.Equal([AlertState.Resolved, AlertState.Resolved], changes.Select(a => a.State));
        Assert.Empty(tracker.Firing);
    }
}
