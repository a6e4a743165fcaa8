using System.Text.Json;
using System.Text.RegularExpressions;
using Grpc.Core;
using TaskMaster.Cli.Commands;
using TaskMaster.Cli.Hosting;
using TaskMaster.Cli.Tests.Support;
using TaskMaster.Contracts.Scheduler.V1;
using TaskMaster.Core.Scheduling;
using TaskMaster.LocalHome;

namespace TaskMaster.Cli.Tests.Commands;

/// <summary>
/// The control API's limits on the gRPC transports of a real executor (the home's Unix socket and
/// <c>--grpc-port</c>): an oversized request is refused whole and changes nothing, and status can
/// always be read, however large the detailed answer.
/// </summary>
public sealed partial class ControlLimitsTests
{
    private const string Queue = """
        # Queue: limits

        ### held: Held until released
        - run: `while [ ! -e release ]; do sleep 0.05; done`
        """;

    [Theory]
    [InlineData("socket")]
    [InlineData("grpc-port")]
    public async Task PauseRun_ReasonPastTheLimits_RefusedWithAMessageAndNothingChanges(string transport)
    {
        using var workspace = new QueueWorkspace(Queue);
        await using var executor = workspace.StartExecute("--grpc-port", "0");
        await executor.WaitForOutputAsync("started    held");
        using var connection = ControlClient.Connect(Target(workspace, executor.Output, transport));
        var client = connection.Client!;

        var huge = await Assert.ThrowsAsync<RpcException>(async () => await client.PauseRunAsync(new PauseRunRequest { Reason = new string('x', 5 << 20) }));
        var long1001 = await Assert.ThrowsAsync<RpcException>(async () => await client.PauseRunAsync(new PauseRunRequest { Reason = new string('x', 1001) }));
        var status = await CliProcess.RunAsync(workspace.Root, "status", "--home", workspace.Home, "--format", "json");

        Assert.Equal(StatusCode.ResourceExhausted, huge.StatusCode);
        Assert.Contains("accepts at most 65,536 bytes per message", huge.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, long1001.StatusCode);
        Assert.Equal("reason is 1,001 characters long; at most 1,000 are kept in the journal and shown by every status read", long1001.Status.Detail);
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Equal("running", JsonDocument.Parse(status.Stdout).RootElement.GetProperty("state").GetString());
        Assert.DoesNotContain("RunPaused", workspace.JournalText(), StringComparison.Ordinal);
        await File.WriteAllTextAsync(workspace.PathOf("release"), "");
        Assert.Equal(0, (await executor.WaitForExitAsync()).ExitCode);
    }

    [Fact]
    public async Task Status_DetailedAnswerLargerThanGrpcsDefaultLimit_ReadWhole()
    {
        // Each task fails to start with a 3 KB reason (its missing working directory): the detailed status is ~5 MB.
        var workdir = string.Join('/', Enumerable.Repeat(new string('d', 250), 12));
        var tasks = string.Join("\n", Enumerable.Range(0, 1600).Select(i => $"### t{i}: T\n- workdir: {workdir}\n- run: `true`\n"));
        using var workspace = new QueueWorkspace(Queue + "\n" + tasks);
        await using var executor = workspace.StartExecute("-j", "64");
        await executor.WaitForOutputAsync("failed     t1599");

        var status = await CliProcess.RunAsync(workspace.Root, "status", "--home", workspace.Home, "--detailed", "--format", "json");

        Assert.True(status.ExitCode == 0, status.ToString()[..Math.Min(2000, status.ToString().Length)]);
        Assert.True(status.Stdout.Length > 4 << 20, $"the detailed status is only {status.Stdout.Length:N0} characters");
        Assert.True(JsonDocument.Parse(status.Stdout).RootElement.GetProperty("live").GetBoolean());
        await File.WriteAllTextAsync(workspace.PathOf("release"), "");
        Assert.Equal(1, (await executor.WaitForExitAsync()).ExitCode);
    }

    private static ControlTarget Target(QueueWorkspace workspace, string output, string transport)
    {
        var home = new HomeLayout(workspace.Home);
        if (transport == "socket") return new ControlTarget(home, null, null);
        var endpoint = GrpcEndpoint().Match(output).Groups["endpoint"].Value;
        return new ControlTarget(home, new Uri($"http://{endpoint}"), home.ControlTokenFile);
    }

    [GeneratedRegex(@"gRPC: (?<endpoint>127\.0\.0\.1:\d+)")]
    private static partial Regex GrpcEndpoint();
}
