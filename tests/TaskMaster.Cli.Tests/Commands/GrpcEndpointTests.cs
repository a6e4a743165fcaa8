using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Grpc.Core;
using Grpc.Net.Client;
using TaskMaster.Cli.Tests.Support;
using TaskMaster.Contracts.Scheduler.V1;

namespace TaskMaster.Cli.Tests.Commands;

public sealed partial class GrpcEndpointTests
{
    private const string Queue = """
        # Queue: called from elsewhere

        ### held: Held until released
        - run: `while [ ! -e release ]; do sleep 0.05; done`
        """;

    [Fact]
    public async Task Execute_GrpcPort_ServesTheControlApiOverPlainHttp2WithTheToken()
    {
        using var workspace = new QueueWorkspace(Queue);
        await using var executor = workspace.StartExecute("--grpc-port", "0");
        await executor.WaitForOutputAsync("started    held");
        var lines = executor.Output.Split('\n');
        var line = Array.FindIndex(lines, l => l.StartsWith("gRPC: ", StringComparison.Ordinal));
        Assert.InRange(line, 0, 2);
        var endpoint = GrpcEndpoint().Match(lines[line]);
        Assert.True(endpoint.Success, lines[line]);
        using var channel = GrpcChannel.ForAddress($"http://{endpoint.Groups["endpoint"].Value}");
        var client = new Contracts.Scheduler.V1.SchedulerService.SchedulerServiceClient(channel);
        var withToken = WithTokenOf(workspace);

        var status = await client.GetStatusAsync(new GetStatusRequest(), withToken);
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await client.GetStatusAsync(new GetStatusRequest()));
        var paused = await client.PauseRunAsync(new PauseRunRequest { Reason = "from another system" }, withToken);
        await client.ContinueRunAsync(new ContinueRunRequest(), withToken);

        Assert.Equal(RunState.Running, status.State);
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Equal(RunState.Paused, paused.State);
        Assert.Contains("\"reason\":\"from another system\"", workspace.JournalText(), StringComparison.Ordinal);
        await File.WriteAllTextAsync(workspace.PathOf("release"), "");
        var result = await executor.WaitForExitAsync();
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task Execute_GrpcPort_WatchRunStreamsTheJournaledEventsAndEndsWithTheRun()
    {
        using var workspace = new QueueWorkspace(Queue);
        await using var executor = workspace.StartExecute("--grpc-port", "0");
        await executor.WaitForOutputAsync("started    held");
        var address = AddressOf(executor);
        using var channel = GrpcChannel.ForAddress(address);
        var client = new Contracts.Scheduler.V1.SchedulerService.SchedulerServiceClient(channel);
        var withToken = WithTokenOf(workspace);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        using var watch = client.WatchRun(new WatchRunRequest { Follow = true }, withToken, cancellationToken: timeout.Token);
        var seen = new List<RunEventMessage>();
        var sofar = new List<RunEventMessage>();
        while (await watch.ResponseStream.MoveNext(timeout.Token))
        {
            seen.Add(watch.ResponseStream.Current);
            if (watch.ResponseStream.Current.Type != "TaskStarted") continue;
            // Without follow, from a position: what is journaled after it, then the stream ends.
            using var read = client.WatchRun(new WatchRunRequest { AfterSequence = seen[0].Sequence }, withToken, cancellationToken: timeout.Token);
            while (await read.ResponseStream.MoveNext(timeout.Token)) sofar.Add(read.ResponseStream.Current);
            // Released once the watcher has seen the task start: what follows arrives while it watches.
            await File.WriteAllTextAsync(workspace.PathOf("release"), "", timeout.Token);
        }

        Assert.Equal("RunStarted", seen[0].Type);
        Assert.Contains(seen, e => e.Type == "TaskSucceeded");
        Assert.Equal("RunCompleted", seen[^1].Type);
        Assert.Equal(seen.Select(e => e.Sequence).Order(), seen.Select(e => e.Sequence));
        Assert.Contains("\"held\"", System.Text.Encoding.UTF8.GetString(seen.First(e => e.Type == "TaskStarted").Json.Span), StringComparison.Ordinal);
        Assert.Equal(seen[1].Sequence, sofar[0].Sequence);
        Assert.Contains(sofar, e => e.Type == "TaskStarted");
        Assert.DoesNotContain(sofar, e => e.Type == "RunStarted");
        var result = await executor.WaitForExitAsync();
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task ControlCommands_Address_SteerTheExecutorThroughItsGrpcPortFromAnywhere()
    {
        using var workspace = new QueueWorkspace(Queue);
        await using var executor = workspace.StartExecute("--grpc-port", "0");
        await executor.WaitForOutputAsync("started    held");
        var address = AddressOf(executor);
        var elsewhere = workspace.PathOf("elsewhere");
        Directory.CreateDirectory(elsewhere);
        string[] remote = ["--address", address, "--token-file", Path.Combine(workspace.Home, "control.token")];

        var paused = await CliProcess.RunAsync(elsewhere, ["pause", "--reason", "from elsewhere", .. remote]);
        var status = await CliProcess.RunAsync(elsewhere, ["status", "--format", "json", .. remote]);
        var checkpoint = await CliProcess.RunAsync(elsewhere, ["checkpoint", "--save", "--force", .. remote]);
        var continued = await CliProcess.RunAsync(elsewhere, ["continue", .. remote]);
        var withoutToken = await CliProcess.RunAsync(elsewhere, "status", "--address", address);

        Assert.True(paused.ExitCode == 0, paused.ToString());
        Assert.True(checkpoint.ExitCode == 0, checkpoint.ToString());
        Assert.True(File.Exists(checkpoint.Stdout.Trim()), $"no checkpoint at '{checkpoint.Stdout.Trim()}'");
        Assert.StartsWith(Path.Combine(workspace.Home, "checkpoints"), checkpoint.Stdout.Trim(), StringComparison.Ordinal);
        Assert.Equal("paused", JsonDocument.Parse(status.Stdout).RootElement.GetProperty("state").GetString());
        Assert.True(continued.ExitCode == 0, continued.ToString());
        Assert.True(withoutToken.ExitCode == 1, withoutToken.ToString());
        Assert.Contains("--token-file", withoutToken.Stderr, StringComparison.Ordinal);
        await File.WriteAllTextAsync(workspace.PathOf("release"), "");
        var result = await executor.WaitForExitAsync();
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task Execute_GrpcPortInUse_ExitsWith2BeforeAnythingRuns()
    {
        using var workspace = new QueueWorkspace(Queue);
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var result = await workspace.ExecuteAsync("--grpc-port", port.ToString());

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"port {port}", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--grpc-port 0", result.Stderr, StringComparison.Ordinal);
        // The refusal is all it says: no run header before "Nothing was run".
        Assert.True(result.Stdout.Length == 0, result.ToString());
        Assert.False(Directory.Exists(Path.Combine(workspace.Home, "runs")), "a run was started");
    }

    /// <summary>The executor's gRPC address, from the line it printed.</summary>
    private static string AddressOf(CliProcess executor) =>
        "http://" + GrpcEndpoint().Match(executor.Output.Split('\n').First(l => l.StartsWith("gRPC: ", StringComparison.Ordinal))).Groups["endpoint"].Value;

    /// <summary>The home's control token, as a call carries it.</summary>
    private static Metadata WithTokenOf(QueueWorkspace workspace) =>
        new() { { "authorization", $"Bearer {File.ReadAllText(Path.Combine(workspace.Home, "control.token")).Trim()}" } };

    [GeneratedRegex(@"^gRPC: (?<endpoint>127\.0\.0\.1:\d+)\s*$")]
    private static partial Regex GrpcEndpoint();
}
