using Grpc.Core;
using TaskMaster.Cli.Tests.Support;
using TaskMaster.Contracts.Scheduler.V1;
using TaskMaster.Core.Events;
using TaskMaster.SchedulerService.Tests.Support;
using SchedulerClient = TaskMaster.Contracts.Scheduler.V1.SchedulerService.SchedulerServiceClient;
using TaskStarted = TaskMaster.Core.Events.TaskStarted;

namespace TaskMaster.Cli.Tests.Hosting;

/// <summary><c>task-master --server URL resume --run ID</c> against a scheduler service in this process.</summary>
public sealed class ClusterResumeTests : IDisposable
{
    // b waits for a file the test writes once the run is stopped: its second attempt ends at once.
    private const string Held = "# Queue: held\n\n### a: A\n- run: `echo a >> a.out`\n\n### b: B\n- depends: a\n" +
                                "- run: `while [ ! -f go ]; do sleep 0.05; done`\n";

    private const string Quick = "# Queue: quick\n\n### a: A\n- run: `true`\n";

    private readonly ServiceFolder _folder = new();

    [Fact]
    public async Task Resume_RunStoppedByAnOperator_GoesOnUnfinishedToTheEndWithoutRunningFinishedTasksAgain()
    {
        var (text, path) = _folder.Queue("held", Held);
        await using var host = await SchedulerHost.StartAsync(_folder);
        var client = host.Client();
        var runId = (await client.SubmitRunAsync(new SubmitRunRequest { QueueText = text, QueuePath = path }, SchedulerClients.Within())).RunId;
        await RunWaits.FirstAsync(client, runId, e => e is TaskStarted { TaskId: "b" });
        await client.StopRunAsync(new StopRunRequest { RunId = runId, Emergency = true, Reason = "to resume" }, SchedulerClients.Within());
        var interrupted = await RunWaits.FirstAsync(client, runId, e => e is RunInterrupted);

        var resumed = await CliProcess.RunAsync(_folder.Queues, [.. host.ServerArguments(), "resume", "--run", runId]);

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains($"Run {runId}: resumed from", resumed.Stdout, StringComparison.Ordinal);
        // b runs again, waiting for its file: meanwhile the catalog lists the run as unfinished (a restart resumes it).
        await EventsAfterAsync(client, runId, interrupted.Sequence, until: e => e is TaskStarted { TaskId: "b" });
        var listed = (await client.ListRunsAsync(new ListRunsRequest(), SchedulerClients.Within())).Runs.Single();
        Assert.Equal(RunState.Running, listed.State);
        Assert.Null(listed.EndedAt);
        await File.WriteAllTextAsync(Path.Combine(_folder.Queues, "go"), "");
        var after = await EventsAfterAsync(client, runId, interrupted.Sequence, until: e => e is RunCompleted);
        Assert.Contains(after, e => e is RunCompleted { Succeeded: true });
        Assert.DoesNotContain(after, e => e is TaskStarted { TaskId: "a" });
        Assert.Equal(["a"], await File.ReadAllLinesAsync(Path.Combine(_folder.Queues, "a.out")));
    }

    [Fact]
    public async Task Resume_CompletedRun_RefusedInOneLineWithExitCode4()
    {
        var (text, path) = _folder.Queue("quick", Quick);
        await using var host = await SchedulerHost.StartAsync(_folder);
        var client = host.Client();
        var runId = (await client.SubmitRunAsync(new SubmitRunRequest { QueueText = text, QueuePath = path }, SchedulerClients.Within())).RunId;
        await RunWaits.FirstAsync(client, runId, e => e is RunCompleted);

        var result = await CliProcess.RunAsync(_folder.Queues, [.. host.ServerArguments(), "resume", "--run", runId]);

        Assert.True(result.ExitCode == 4, result.ToString());
        Assert.Equal($"task-master: the scheduler service refused: run {runId} completed: there is nothing left to resume", result.Stderr.Trim());
    }

    [Fact]
    public async Task Resume_UnknownRun_RefusedInOneLineWithExitCode2()
    {
        await using var host = await SchedulerHost.StartAsync(_folder);

        var result = await CliProcess.RunAsync(_folder.Queues, [.. host.ServerArguments(), "resume", "--run", "run-20990101-000000-0000"]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("task-master: the scheduler service refused: no run 'run-20990101-000000-0000' here", result.Stderr.Trim(), StringComparison.Ordinal);
        Assert.Single(result.Stderr.Trim().Split('\n'));
    }

    [Theory]
    [InlineData(new string[0], "--run ID")]
    [InlineData(new[] { "--run", "run-1", "--dry-run" }, "resume --dry-run reads this machine's home")]
    public async Task Resume_ServerWithoutARunOrWithAHomeOption_RefusedAsABadArgument(string[] args, string named)
    {
        var result = await CliProcess.RunAsync(_folder.Queues, ["--server", "http://127.0.0.1:9", "--token-file", _folder.TokenFile, "resume", .. args]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(named, result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>The run's events after <paramref name="sequence"/>, followed through the first that <paramref name="until"/> takes.</summary>
    private static async Task<List<RunEvent>> EventsAfterAsync(SchedulerClient client, string runId, long sequence, Func<RunEvent, bool> until)
    {
        var events = new List<RunEvent>();
        using var call = client.WatchRun(new WatchRunRequest { RunId = runId, AfterSequence = sequence, Follow = true }, SchedulerClients.Within());
        await foreach (var message in call.ResponseStream.ReadAllAsync())
        {
            events.Add(RunEventJson.Deserialize(message.Json.Span));
            if (until(events[^1])) return events;
        }
        throw new InvalidOperationException($"run {runId} ended without the event awaited: {string.Join(", ", events.Select(e => e.GetType().Name))}");
    }

    public void Dispose() => _folder.Dispose();
}
