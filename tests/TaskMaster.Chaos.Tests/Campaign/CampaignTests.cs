namespace TaskMaster.Chaos.Tests.Campaign;

/// <summary>
/// The campaign at the size CI affords, on the stack's two scheduler replicas: four seeded schedules of 15 s, each
/// drawing from three of the fault kinds (one of them a scheduler's) so that together they draw from all of them;
/// each seed is one whose schedule plans all three of its kinds (<see cref="FaultScheduleTests"/> checks it).
/// A failure prints the seed and kinds to replay it with
/// <c>scripts/chaos.sh --schedules 1 --seed SEED --kinds KINDS --minutes 0.25</c>.
/// </summary>
public sealed class CampaignTests(StackFixture fixture)
{
    internal static readonly TimeSpan Window = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan LivenessBound = TimeSpan.FromSeconds(120);

    public static TheoryData<int, string> Schedules => new()
    {
        { 117, "worker-kill,leader-kill,redis-restart" },
        { 416, "worker-pause,leader-pause,rabbitmq-restart" },
        { 248, "monitor-kill,standby-kill,s3-outage" },
        { 340, "scheduler-kill,checkpoint-kill,worker-disk-full" },
    };

    [Theory]
    [MemberData(nameof(Schedules))]
    public async Task SeededSchedule_EveryCheckHolds_DuplicatesExplainedByTheirFaults(int seed, string kinds)
    {
        var output = new StringWriter();

        var outcome = Assert.Single(await ChaosCampaign.RunAsync(
            fixture.Stack, new CampaignOptions(1, seed, FaultKind.Parse(kinds), Window, LivenessBound), output, TestContext.Current.CancellationToken));

        TestContext.Current.TestOutputHelper?.WriteLine(output.ToString());
        var result = outcome.Result;
        var report = $"{output}{Environment.NewLine}{fixture.Stack.Logs()}";
        Assert.True(result.Faults > 0, report);
        Assert.True(result.Passed, report);
        Assert.Equal((0, 0, 0, 0, 0, 0, 0), (result.Lost, result.Unexpected, result.UnexplainedDuplicates, result.Order, result.Fencing, result.Liveness, result.Leftovers));
    }
}
