using TaskMaster.Monitor.History;
using TaskMaster.Monitor.Tests.Support;

namespace TaskMaster.Monitor.Tests.History;

public sealed class SampleStoreTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private readonly TempHome _home = new();

    private static HistorySample Sample(DateTimeOffset at, int finished = 0) =>
        new(at.ToUnixTimeMilliseconds(), 12.5, 1 << 20, 2 << 20, 10, 20, "none", 1, finished, 0, 0, 1, 1, 3,
            [new TaskSample("build", 99.5, 4096)]);

    [Fact]
    public void ReadAll_AfterRestart_ReturnsEverySampleAppended()
    {
        var written = Enumerable.Range(0, 5).Select(i => Sample(Start.AddSeconds(i), i)).ToList();
        var before = new SampleStore(_home.Layout, "run-1");
        foreach (var sample in written) before.Append(sample);

        var after = new SampleStore(_home.Layout, "run-1").ReadAll();

        Assert.Equal(written, after, (a, b) => a with { Tasks = [] } == b with { Tasks = [] } && a.Tasks.SequenceEqual(b.Tasks));
    }

    [Fact]
    public void Append_OneLinePerSample_Compact()
    {
        var store = new SampleStore(_home.Layout, "run-1");

        store.Append(Sample(Start));

        var line = Assert.Single(File.ReadAllLines(store.Path));
        Assert.StartsWith("""{"t_ms":""", line, StringComparison.Ordinal);
        Assert.DoesNotContain("\n  ", line, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadAll_TornLastLine_KeepsTheOthers()
    {
        var store = new SampleStore(_home.Layout, "run-1");
        store.Append(Sample(Start));
        File.AppendAllText(store.Path, """{"t_ms":17""");

        Assert.Single(store.ReadAll());
    }

    [Fact]
    public void Append_TwoHoursAtOneSecond_CompactsOlderThanAnHourToOneAMinute()
    {
        var store = new SampleStore(_home.Layout, "run-1");

        for (var second = 0; second <= 2 * 3600; second++) store.Append(Sample(Start.AddSeconds(second)));

        var kept = store.ReadAll();
        var recentHour = kept.Count(s => s.TMs > Start.AddHours(1).ToUnixTimeMilliseconds());
        Assert.Equal(3600, recentHour);
        Assert.InRange(kept.Count - recentHour, 60, 62);
    }

    [Fact]
    public void Downsample_OlderThanADay_OnePerQuarterHour()
    {
        var now = Start.AddDays(3);
        var old = Enumerable.Range(0, 60 * 24).Select(m => Sample(Start.AddMinutes(m))).ToList();

        var kept = SampleDownsampler.Downsample(old, now.ToUnixTimeMilliseconds());

        Assert.Equal(24 * 4, kept.Count);
    }

    public void Dispose() => _home.Dispose();
}
