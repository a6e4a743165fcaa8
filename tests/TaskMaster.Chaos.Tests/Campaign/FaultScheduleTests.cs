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
    public void Parse_UnknownKind_NamesTheKindsThereAre()
    {
        var error = Assert.Throws<ArgumentException>(() => FaultKind.Parse("worker-kill,leader-kill"));

        Assert.Contains("'leader-kill'", error.Message, StringComparison.Ordinal);
        Assert.Contains("scheduler-kill", error.Message, StringComparison.Ordinal);
    }
}
