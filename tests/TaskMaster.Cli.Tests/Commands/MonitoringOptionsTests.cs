using TaskMaster.Cli.Tests.Support;

namespace TaskMaster.Cli.Tests.Commands;

public sealed class MonitoringOptionsTests
{
    [Theory]
    [InlineData("--update-interval", "10ms")]
    [InlineData("--alert-error-rate", "3")]
    [InlineData("--alert-persistent-failures", "0")]
    [InlineData("--alert-stall-after", "soon")]
    [InlineData("--notify-webhook", "ftp://example.org/hook")]
    [InlineData("--alertmanager", "ftp://example.org/")]
    [InlineData("--memory-budget", "256Mi")]
    public async Task Execute_MonitoringOptionOutOfRange_RefusedWithExitCode2NamingItBeforeAnythingRuns(string option, string value)
    {
        using var workspace = new QueueWorkspace("# Queue: q\n\n### a: A\n- run: `touch ran`\n");

        var result = await workspace.ExecuteAsync(option, value);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(option, result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(workspace.PathOf("ran")));
    }
}
