using System.Text.Json;
using TaskMaster.Contracts.Scheduler.V1;
using TaskMaster.SchedulerService.Tests.Support;
using TaskStarted = TaskMaster.Core.Events.TaskStarted;

namespace TaskMaster.SchedulerService.Tests;

/// <summary><c>task-master --server URL [--token-file F] …</c> against a scheduler service.</summary>
public sealed class ServerCommandsTests : IDisposable
{
    private const string Quick = "# Queue: quick\n\n### a: A\n- run: `true`\n\n### b: B\n- depends: a\n- run: `echo b > b.out`\n";

    private readonly ServiceFolder _folder = new();

    [Fact]
    public async Task Execute_Server_SubmitsTheQueueFollowsTheRunAndExitsWithItsOutcome()
    {
        var (_, path) = _folder.Queue("quick", Quick);
        await using var host = await SchedulerHost.StartAsync(_folder);

        var result = await TaskMasterCli.RunAsync(_folder.Queues, [.. host.ServerArguments(), "execute", "--queue", path, "--plain"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("submitted to", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("completed (2 succeeded", result.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_folder.Queues, "b.out")), "task b did not run in the queue's folder");
    }

    [Fact]
    public async Task ExecuteDetach_Server_PrintsTheRunIdThatRunsLists()
    {
        var (_, path) = _folder.Queue("quick", Quick);
        await using var host = await SchedulerHost.StartAsync(_folder);

        var submitted = await TaskMasterCli.RunAsync(_folder.Queues, [.. host.ServerArguments(), "execute", "--queue", path, "--detach"]);
        var listed = await TaskMasterCli.RunAsync(_folder.Queues, [.. host.ServerArguments(), "runs", "--format", "json"]);

        Assert.True(submitted.ExitCode == 0, submitted.ToString());
        var runId = submitted.Stdout.Trim();
        Assert.Matches("^run-[0-9]{8}-[0-9]{6}-[0-9a-f]{4}$", runId);
        Assert.True(listed.ExitCode == 0, listed.ToString());
        var runs = JsonDocument.Parse(listed.Stdout).RootElement.EnumerateArray().Select(r => r.GetProperty("run_id").GetString()).ToList();
        Assert.Equal([runId], runs);
    }

    [Fact]
    public async Task PauseAndStatus_ServerAndRun_SteerThatRunOfTheService()
    {
        var (text, path) = _folder.Queue("held", "# Queue: held\n\n### held: Held\n- run: `sleep 30`\n");
        await using var host = await SchedulerHost.StartAsync(_folder);
        var client = host.Client();
        var runId = (await client.SubmitRunAsync(new SubmitRunRequest { QueueText = text, QueuePath = path }, SchedulerClients.Within())).RunId;
        await RunWaits.FirstAsync(client, runId, e => e is TaskStarted);

        var paused = await TaskMasterCli.RunAsync(_folder.Queues, [.. host.ServerArguments(), "pause", "--run", runId, "--reason", "from the cli"]);
        var status = await TaskMasterCli.RunAsync(_folder.Queues, [.. host.ServerArguments(), "status", "--run", runId, "--format", "json"]);

        Assert.True(paused.ExitCode == 0, paused.ToString());
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Equal("paused", JsonDocument.Parse(status.Stdout).RootElement.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Runs_ServerNotAnswering_OneLineAndExitCode1()
    {
        var result = await TaskMasterCli.RunAsync(_folder.Queues, "--server", "http://127.0.0.1:9", "--token-file", _folder.TokenFile, "runs");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal("task-master: no scheduler service answers at http://127.0.0.1:9/.", result.Stderr.Trim());
    }

    [Fact]
    public async Task Runs_WrongToken_RefusedInOneLineAndExitCode1()
    {
        await using var host = await SchedulerHost.StartAsync(_folder);
        var wrong = Path.Combine(_folder.Root, "wrong.token");
        await File.WriteAllTextAsync(wrong, "not-the-token");

        var result = await TaskMasterCli.RunAsync(_folder.Queues, "--server", host.GrpcAddress.ToString(), "--token-file", wrong, "runs");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.StartsWith("task-master: the scheduler service refused: control calls need the service's token", result.Stderr.Trim(), StringComparison.Ordinal);
        Assert.Single(result.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task Runs_ServerNotAUrl_RefusedAsABadArgumentWithExitCode2()
    {
        var result = await TaskMasterCli.RunAsync(_folder.Queues, "--server", "scheduler:7420", "runs");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--server", result.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
