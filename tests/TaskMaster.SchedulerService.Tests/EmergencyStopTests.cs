using TaskMaster.Contracts.Scheduler.V1;
using TaskMaster.SchedulerService.Tests.Support;
using RunInterrupted = TaskMaster.Core.Events.RunInterrupted;
using TaskStarted = TaskMaster.Core.Events.TaskStarted;

namespace TaskMaster.SchedulerService.Tests;

public sealed class EmergencyStopTests : IDisposable
{
    private readonly ServiceFolder _folder = new();

    [Fact]
    public async Task StopRun_Emergency_NothingStartsAfterTheAcknowledgementAndTheRunEndsInterrupted()
    {
        var tasks = string.Join("\n", Enumerable.Range(1, 8).Select(i => $"### t{i}: Task {i}\n- run: `sleep 30`\n"));
        var (text, path) = _folder.Queue("long", $"# Queue: long\n\n- concurrency: 2\n\n{tasks}");
        await using var host = await SchedulerHost.StartAsync(_folder);
        var client = host.Client();
        var runId = (await client.SubmitRunAsync(new SubmitRunRequest { QueueText = text, QueuePath = path }, SchedulerClients.Within())).RunId;
        await RunWaits.FirstAsync(client, runId, e => e is TaskStarted { TaskId: "t2" });

        var stopped = await client.StopRunAsync(new StopRunRequest { RunId = runId, Emergency = true, Reason = "runaway" }, SchedulerClients.Within());
        var events = await RunWaits.WatchToEndAsync(client, runId);

        Assert.True(stopped.JournalPosition > 0);
        Assert.DoesNotContain(events, e => e is TaskStarted && e.Sequence > stopped.JournalPosition);
        Assert.IsType<RunInterrupted>(events[^1]);
        var run = (await client.GetRunAsync(new GetRunRequest { RunId = runId }, SchedulerClients.Within()));
        Assert.Equal(RunState.Stopped, run.State);
    }

    public void Dispose() => _folder.Dispose();
}
