using TaskMaster.Monitor.History;
using TaskMaster.Monitor.Tests.Support;

namespace TaskMaster.Monitor.Tests.History;

public sealed class MonitoringRetentionTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private readonly TempHome _home = new();

    private string RunData(string runId, TimeSpan age)
    {
        var directory = MonitoringLayout.RunDirectory(_home.Layout, runId);
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, "samples.jsonl");
        File.WriteAllText(file, "{}\n");
        File.SetLastWriteTimeUtc(file, (Now - age).UtcDateTime);
        Directory.SetLastWriteTimeUtc(directory, (Now - age).UtcDateTime);
        return directory;
    }

    [Fact]
    public void RemoveOlderThan_OldAndRecentRuns_RemovesOnlyTheOld()
    {
        var old = RunData("run-old", TimeSpan.FromDays(31));
        var recent = RunData("run-recent", TimeSpan.FromDays(29));
        var journal = _home.Layout.JournalPath("run-old");
        Directory.CreateDirectory(Path.GetDirectoryName(journal)!);
        File.WriteAllText(journal, "");

        var removed = MonitoringRetention.RemoveOlderThan(_home.Layout, TimeSpan.FromDays(30), Now, keepRunId: null);

        Assert.Equal(["run-old"], removed);
        Assert.False(Directory.Exists(old));
        Assert.True(Directory.Exists(recent));
        Assert.True(File.Exists(journal)); // only monitoring data goes; the run itself is maintenance's business
    }

    [Fact]
    public void RemoveOlderThan_CurrentRunOld_Kept()
    {
        var current = RunData("run-current", TimeSpan.FromDays(90));

        MonitoringRetention.RemoveOlderThan(_home.Layout, TimeSpan.FromDays(30), Now, keepRunId: "run-current");

        Assert.True(Directory.Exists(current));
    }

    [Fact]
    public void RemoveOlderThan_NoMonitoringFolder_RemovesNothing() =>
        Assert.Empty(MonitoringRetention.RemoveOlderThan(_home.Layout, TimeSpan.FromDays(30), Now, keepRunId: null));

    public void Dispose() => _home.Dispose();
}
