namespace TaskMaster.Chaos.Tests.Campaign;

/// <summary>
/// The campaign at the size CI affords: three seeded schedules of 20 s, each drawing from three of the fault
/// kinds so that together they draw from all of them. A failure prints the seed and kinds to replay it with
/// <c>scripts/chaos.sh --schedules 1 --seed SEED --kinds KINDS --minutes 0.34</c>.
/// </summary>
public sealed class CampaignTests(StackFixture fixture)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan LivenessBound = TimeSpan.FromSeconds(120);

    public static TheoryData<int, string> Schedules => new()
    {
        { 101, "worker-kill,scheduler-kill,redis-restart" },
        { 202, "worker-pause,checkpoint-kill,rabbitmq-restart" },
        { 303, "monitor-kill,s3-outage,worker-disk-full" },
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
