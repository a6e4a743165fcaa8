using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using TaskMaster.Contracts.Scheduler.V1;
using TaskMaster.Core.Events;
using TaskMaster.Core.Queue;
using TaskMaster.Core.Scheduling;
using TaskMaster.SchedulerService.Tests.Support;
using TaskMaster.Worker;
using TaskMaster.LocalHome;

namespace TaskMaster.SchedulerService.Tests;

public sealed class SubmitRunTests : IDisposable
{
    private const string Mixed = """
        # Queue: mixed

        ### prepare: Prepare
        - run: `mkdir -p out && echo ready > out/ready.txt`

        ### build: Build
        - depends: prepare
        - run: `test -f out/ready.txt && echo built > out/built.txt`

        ### flaky: Fails for good
        - depends: prepare
        - run: `exit 3`

        ### after-flaky: Blocked by flaky
        - depends: flaky
        - run: `true`

        ### skip-me: Already done
        - status: done
        - run: `false`
        """;

    private readonly ServiceFolder _folder = new();

    [Fact]
    public async Task SubmitRun_QueueOverGrpc_EndsWithTheSameTaskOutcomesAsTheSameQueueRunEmbedded()
    {
        var (text, path) = _folder.Queue("mixed", Mixed);
        await using var host = await SchedulerHost.StartAsync(_folder);
        var client = host.Client();

        var accepted = await client.SubmitRunAsync(new SubmitRunRequest { QueueText = text, QueuePath = path }, SchedulerClients.Within());
        var events = await RunWaits.WatchToEndAsync(client, accepted.RunId);
        var status = await client.GetStatusAsync(new GetStatusRequest { RunId = accepted.RunId, Detailed = true }, SchedulerClients.Within());

        Assert.IsType<RunCompleted>(events[^1]);
        var overGrpc = status.Tasks.ToDictionary(t => t.Id, t => t.State.ToString());
        Assert.Equal(await OutcomesEmbeddedAsync(path), overGrpc);
    }

    [Fact]
    public async Task WatchRun_FinishedRun_StreamsEveryEventInJournalOrderFromRunStartedToRunCompleted()
    {
        var (text, path) = _folder.Queue("mixed", Mixed);
        await using var host = await SchedulerHost.StartAsync(_folder);
        var client = host.Client();
        var accepted = await client.SubmitRunAsync(new SubmitRunRequest { QueueText = text, QueuePath = path }, SchedulerClients.Within());
        var followed = await RunWaits.WatchToEndAsync(client, accepted.RunId);

        using var again = client.WatchRun(new WatchRunRequest { RunId = accepted.RunId }, SchedulerClients.Within());
        var sequences = new List<long>();
        await foreach (var message in again.ResponseStream.ReadAllAsync()) sequences.Add(message.Sequence);

        Assert.Equal(Enumerable.Range(1, sequences.Count).Select(i => (long)i), sequences);
        Assert.Equal(followed.Select(e => e.Sequence), sequences.Take(followed.Count));
        Assert.IsType<RunStarted>(followed[0]);
    }

    [Fact]
    public async Task ListRuns_AfterASubmission_ListsTheRunWithItsQueueName()
    {
        var (text, path) = _folder.Queue("mixed", Mixed);
        await using var host = await SchedulerHost.StartAsync(_folder);
        var client = host.Client();
        var accepted = await client.SubmitRunAsync(new SubmitRunRequest { QueueText = text, QueuePath = path }, SchedulerClients.Within());
        await RunWaits.WatchToEndAsync(client, accepted.RunId);

        var runs = await client.ListRunsAsync(new ListRunsRequest(), SchedulerClients.Within());

        var run = Assert.Single(runs.Runs);
        Assert.Equal((accepted.RunId, "mixed"), (run.RunId, run.Name));
        Assert.Equal(RunState.Failed, run.State);
    }

    [Fact]
    public async Task SubmitRun_InvalidQueue_InvalidArgumentOrFailedPreconditionAndNoRunListed()
    {
        await using var host = await SchedulerHost.StartAsync(_folder);
        var client = host.Client();

        var refused = await Assert.ThrowsAsync<RpcException>(async () => await client.SubmitRunAsync(
            new SubmitRunRequest { QueueText = "# Queue: bad\n\n### a: A\n- depends: nowhere\n- run: `true`\n", QueuePath = Path.Combine(_folder.Queues, "bad.md") },
            SchedulerClients.Within()));

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Empty((await client.ListRunsAsync(new ListRunsRequest(), SchedulerClients.Within())).Runs);
    }

    /// <summary>The same queue through the core's scheduler and the Worker part's process executor, as the embedded executor runs it.</summary>
    private async Task<Dictionary<string, string>> OutcomesEmbeddedAsync(string path)
    {
        var queue = QueueParser.ParseFile(path).Queue!;
        var home = new HomeLayout(Path.Combine(_folder.Root, "embedded"));
        foreach (var output in Directory.GetDirectories(_folder.Queues)) Directory.Delete(output, recursive: true);
        await using var executor = new ProcessTaskExecutor(new ProcessExecutorOptions { Home = home }, TimeProvider.System, NullLogger<ProcessTaskExecutor>.Instance);
        var scheduler = new RunScheduler(queue, new SchedulerOptions { RunId = "embedded", Concurrency = 2, CpuCapacity = 2 }, executor,
            new InMemoryEventJournal(), [], TimeProvider.System);
        await scheduler.RunAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return scheduler.State.Tasks.Where(t => t.Status != Core.State.TaskStatus.Pending)
            .ToDictionary(t => queue.Tasks[t.Index].Id, t => ProtoName(t.Status));
    }

    private static string ProtoName(Core.State.TaskStatus status) => status switch
    {
        Core.State.TaskStatus.Succeeded => nameof(TaskState.Succeeded),
        Core.State.TaskStatus.Failed => nameof(TaskState.Failed),
        Core.State.TaskStatus.Blocked => nameof(TaskState.Blocked),
        Core.State.TaskStatus.Skipped => nameof(TaskState.Skipped),
        _ => status.ToString(),
    };

    public void Dispose() => _folder.Dispose();
}
