using TaskMaster.Cli.Tests.Support;
using TaskMaster.SchedulerService.Tests.Support;

namespace TaskMaster.Cli.Tests.Hosting;

/// <summary><c>resume</c> and <c>report</c> with <c>--server</c> fail as every command over it does: one line, exit code 1.</summary>
public sealed class ServerRefusalTests : IDisposable
{
    private readonly ServiceFolder _folder = new();

    [Theory]
    [InlineData("resume --run run-20990101-000000-0000")]
    [InlineData("report")]
    public async Task Command_WrongToken_RefusedInOneLineAndExitCode1(string command)
    {
        await using var host = await SchedulerHost.StartAsync(_folder);
        var wrong = Path.Combine(_folder.Root, "wrong.token");
        await File.WriteAllTextAsync(wrong, "not-the-token");

        var result = await CliProcess.RunAsync(_folder.Queues, ["--server", host.GrpcAddress.ToString(), "--token-file", wrong, .. command.Split(' ')]);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.StartsWith("task-master: the scheduler service refused: control calls need the service's token", result.Stderr.Trim(), StringComparison.Ordinal);
        Assert.Single(result.Stderr.Trim().Split('\n'));
    }

    [Theory]
    [InlineData("resume --run run-20990101-000000-0000")]
    [InlineData("report")]
    public async Task Command_ServerNotAnswering_OneLineAndExitCode1(string command)
    {
        var result = await CliProcess.RunAsync(_folder.Queues, ["--server", "http://127.0.0.1:9", "--token-file", _folder.TokenFile, .. command.Split(' ')]);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal("task-master: no scheduler service answers at http://127.0.0.1:9/.", result.Stderr.Trim());
    }

    public void Dispose() => _folder.Dispose();
}
