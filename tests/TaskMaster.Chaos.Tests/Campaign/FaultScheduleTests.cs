namespace TaskMaster.Chaos.Tests.Campaign;

public sealed class FaultScheduleTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    [Fact]
    public void Plan_SameSeed_SameSchedule()
    {
        Assert.Equal(FaultSchedule.Plan(42, FaultKind.All, Window, 3), FaultSchedule.Plan(42, FaultKind.All, Window, 3));
        Assert.NotEqual(FaultSchedule.Plan(42, FaultKind.All, Window, 3), FaultSchedule.Plan(43, FaultKind.All, Window, 3));
    }

    [Fact]
    public void Plan_FaultsComeOneAfterAnotherWithinTheWindow_OnlyOfTheKindsAsked()
    {
        var kinds = FaultKind.Parse("worker-kill,redis-restart");

        var plan = FaultSchedule.Plan(7, kinds, Window, 3);

        Assert.NotEmpty(plan);
        Assert.All(plan, f => Assert.Contains(f.Kind, kinds));
        Assert.All(plan, f => Assert.InRange(f.Worker, 0, 2));
        Assert.All(plan.Zip(plan.Skip(1)), pair => Assert.True(pair.Second.At >= pair.First.At + pair.First.Hold));
        Assert.True(plan[^1].At < Window * 0.8);
    }

    [Fact]
    public void Plan_LeaderPause_HeldLongerThanTheSchedulersLease()
    {
        var plan = FaultSchedule.Plan(11, FaultKind.Parse("leader-pause"), Window, 3);

        Assert.NotEmpty(plan);
        Assert.All(plan, f => Assert.InRange(f.Hold, ChaosStack.SchedulerLease + TimeSpan.FromSeconds(2), ChaosStack.SchedulerLease + TimeSpan.FromSeconds(4)));
    }

    [Fact]
    public void Parse_All_HasTheLeadersAndTheStandbysFaults()
    {
        var all = FaultKind.Parse("all");

        Assert.Contains(FaultKind.LeaderKill, all);
        Assert.Contains(FaultKind.LeaderPause, all);
        Assert.Contains(FaultKind.StandbyKill, all);
        Assert.Equal(FaultKind.All.Count, all.Select(k => k.Name).Distinct().Count());
    }

    [Fact]
    public void Parse_UnknownKind_NamesTheKindsThereAre()
    {
        var error = Assert.Throws<ArgumentException>(() => FaultKind.Parse("worker-kill,leader-crash"));

        Assert.Contains("'leader-crash'", error.Message, StringComparison.Ordinal);
        Assert.Contains("leader-pause", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CampaignSchedules_TogetherDrawFromEveryKind_EachPlansEveryOneOfItsKinds()
    {
        var schedules = CampaignTests.Schedules.Select(row => (row.Data.Item1, FaultKind.Parse(row.Data.Item2))).ToList();

        Assert.Equal(FaultKind.All.OrderBy(k => k.Name), schedules.SelectMany(s => s.Item2).OrderBy(k => k.Name));
        Assert.All(schedules, s => Assert.Equal(
            s.Item2.OrderBy(k => k.Name),
            FaultSchedule.Plan(s.Item1, s.Item2, CampaignTests.Window, ChaosStack.WorkerCount).Select(f => f.Kind).Distinct().OrderBy(k => k.Name)));
    }
}
