using System.Text.Json;
using TaskMaster.Core.ReadModel;

namespace TaskMaster.Core.Tests.ReadModel;

public sealed class RunStatusJsonTests
{
    [Fact]
    public void Serialize_FullReport_SnakeCaseNamesAndValues()
    {
        using var json = JsonDocument.Parse(RunStatusJson.Serialize(RunStatusSamples.Full()));
        var root = json.RootElement;

        Assert.Equal("paused", root.GetProperty("state").GetString());
        Assert.Equal(42.5, root.GetProperty("progress").GetProperty("percent").GetDouble());
        Assert.Equal(1, root.GetProperty("task_counts").GetProperty("retry_waiting").GetInt32());
        Assert.Equal("retry_waiting", root.GetProperty("tasks")[0].GetProperty("state").GetString());
        Assert.Equal("checkpoint_failed", root.GetProperty("recent_errors")[1].GetProperty("kind").GetString());
        Assert.Equal(100L << 20, root.GetProperty("resources").GetProperty("memory_bytes").GetInt64());
    }

    [Fact]
    public void Serialize_ReportWithoutOptionalParts_KeepsEveryFieldAsNull()
    {
        var report = RunStatusSamples.Full() with { EtaSeconds = null, LastCheckpoint = null, MonitorUrl = null, Tasks = null, RecentErrors = null, Resources = null };

        using var json = JsonDocument.Parse(RunStatusJson.Serialize(report));

        foreach (var name in new[] { "eta_seconds", "last_checkpoint", "monitor_url", "tasks", "recent_errors", "resources" })
            Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty(name).ValueKind);
    }
}
