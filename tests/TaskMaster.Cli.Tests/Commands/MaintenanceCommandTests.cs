using System.Formats.Tar;
using System.IO.Compression;
using TaskMaster.Cli.Tests.Support;

namespace TaskMaster.Cli.Tests.Commands;

public sealed class MaintenanceCommandTests
{
    [Fact]
    public async Task Maintenance_ArchiveOlderThan_CompressesOldFilesKeepsTheNewestCheckpoint()
    {
        using var workspace = new QueueWorkspace("# Queue: done\n\n### a: A\n- run: `echo hello`\n");
        Assert.Equal(0, (await workspace.ExecuteAsync()).ExitCode);
        var checkpoints = Path.Combine(workspace.Home, "checkpoints");
        var before = Directory.GetFiles(checkpoints, "*.json.gz").Order().ToArray();

        var result = await CliProcess.RunAsync(workspace.Root, "maintenance", "--archive-older-than", "0s", "--home", workspace.Home);

        Assert.True(result.ExitCode == 0, result.ToString());
        var archive = Directory.GetFiles(Path.Combine(workspace.Home, "archive"), "*.tar.gz").Single();
        var names = new List<string>();
        await using (var gzip = new GZipStream(File.OpenRead(archive), CompressionMode.Decompress))
        await using (var tar = new TarReader(gzip))
            while (await tar.GetNextEntryAsync() is { } entry) names.Add(entry.Name);
        Assert.Contains(names, n => n.EndsWith(Path.GetFileName(before[0]), StringComparison.Ordinal));
        Assert.Contains(names, n => n.EndsWith("a.log", StringComparison.Ordinal));
        Assert.True(File.Exists(before[^1]), "the newest checkpoint stays");
        Assert.False(File.Exists(before[0]), "an older checkpoint was archived");
    }

    [Fact]
    public async Task Maintenance_BadAge_ExplainsTheExpectedForm()
    {
        var result = await CliProcess.RunAsync(Path.GetTempPath(), "maintenance", "--archive-older-than", "a month");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--archive-older-than: 'a month' is not a duration", result.Stderr);
        Assert.Contains("30d", result.Stderr);
    }
}
