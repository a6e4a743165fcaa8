using TaskMaster.Cli.Tests.Support;

namespace TaskMaster.Cli.Tests.Commands;

public sealed class MaintenanceMonitoringTests
{
    [Fact]
    public async Task Maintenance_MonitorRetain_RemovesOnlyOldRunsMonitoringData()
    {
        using var workspace = new QueueWorkspace("# Queue: done\n\n### a: A\n- run: `true`\n");
        Assert.Equal(0, (await workspace.ExecuteAsync()).ExitCode);
        var monitoring = Path.Combine(workspace.Home, "monitoring");
        var current = Directory.GetDirectories(monitoring).Single();
        var old = Path.Combine(monitoring, "run-20200101-000000-0000");
        Directory.CreateDirectory(old);
        File.WriteAllText(Path.Combine(old, "samples.jsonl"), "{}\n");
        foreach (var path in new[] { Path.Combine(old, "samples.jsonl"), Path.Combine(current, "samples.jsonl") })
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddDays(-40));
        Directory.SetLastWriteTimeUtc(old, DateTime.UtcNow.AddDays(-40));
        Directory.SetLastWriteTimeUtc(current, DateTime.UtcNow.AddDays(-40));

        var result = await CliProcess.RunAsync(workspace.Root, "maintenance", "--archive-older-than", "365d", "--home", workspace.Home);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.False(Directory.Exists(old));
        Assert.True(Directory.Exists(current), "the home's current run keeps its monitoring data");
        Assert.Contains("run-20200101-000000-0000", result.Stdout, StringComparison.Ordinal);
    }
}
