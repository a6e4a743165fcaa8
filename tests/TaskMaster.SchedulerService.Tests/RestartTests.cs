using TaskMaster.Contracts.Scheduler.V1;
using TaskMaster.SchedulerService.Tests.Support;
using RunCompleted = TaskMaster.Core.Events.RunCompleted;
using RunStarted = TaskMaster.Core.Events.RunStarted;
using TaskSucceeded = TaskMaster.Core.Events.TaskSucceeded;

namespace TaskMaster.SchedulerService.Tests;

public sealed class RestartTests : IDisposable
{
    private const int Tasks = 6;

    private readonly ServiceFolder _folder = new();

    [Fact]
    public async Task SchedulerKilled_MidRun_RestartResumesTheRunAndNoAcknowledgedSuccessRunsAgain()
    {
        // One at a time, each noting that it ran: a task run again after the restart notes it twice.
        var tasks = string.Join("\n", Enumerable.Range(1, Tasks).Select(i =>
            $"### t{i}: Task {i}\n- run: `echo ran >> t{i}.ran && sleep 0.3`\n" + (i > 1 ? $"- depends: t{i - 1}\n" : "")));
        var (text, path) = _folder.Queue("chain", $"# Queue: chain\n\n- concurrency: 1\n\n{tasks}");
        string runId;
        List<string> acknowledged;
        string firstTail;
        await using (var first = await ServiceProcess.StartAsync(_folder))
        {
            var client = first.Client();
            runId = (await client.SubmitRunAsync(new SubmitRunRequest { QueueText = text, QueuePath = path }, SchedulerClients.Within())).RunId;
            await RunWaits.FirstAsync(client, runId, e => e is TaskSucceeded { TaskId: "t3" });
            acknowledged = (await RunWaits.WatchToEndAsync(client, runId, follow: false)).OfType<TaskSucceeded>().Select(s => s.TaskId).ToList();
            await first.CrashAsync();
            firstTail = first.Tail;
        }

        await using var second = await ServiceProcess.StartAsync(_folder);
        var events = await RunWaits.WatchToEndAsync(second.Client(), runId);
        var status = await second.Client().GetStatusAsync(new GetStatusRequest { RunId = runId, Detailed = true }, SchedulerClients.Within());

        Assert.True(events[^1] is RunCompleted { Succeeded: true }, $"the run ended with {events[^1].GetType().Name}\nfirst:\n{firstTail}\nsecond:\n{second.Tail}");
        Assert.Equal(Tasks, status.TaskCounts.Succeeded);
        // Started by the first process, resumed by the second.
        Assert.True(events.OfType<RunStarted>().Count() == 2,
            $"expected 2 starts: {string.Join(", ", events.Select(e => $"{e.Sequence} {e.GetType().Name}"))}\nfirst:\n{firstTail}\nsecond:\n{second.Tail}");
        Assert.Contains("t3", acknowledged);
        foreach (var id in acknowledged)
            Assert.Single(File.ReadAllLines(Path.Combine(_folder.Queues, id + ".ran")));
    }

    [Fact]
    public async Task SchedulerDiedBeforeTheRunsFirstEvent_RestartStartsTheAcceptedRun_AndItCompletes()
    {
        // Found by the fault campaign (seed 1000): the scheduler SIGKILLed just after it accepted a run.
        var (text, path) = _folder.Queue("accepted", """
            # Queue: accepted

            ### a: A
            - run: `while [ ! -f release ]; do sleep 0.05; done`

            ### b: B
            - depends: a
            - run: `true`
            """);
        string runId;
        await using (var first = await SchedulerHost.StartAsync(_folder))
            runId = (await first.Client().SubmitRunAsync(new SubmitRunRequest { QueueText = text, QueuePath = path }, SchedulerClients.Within())).RunId;
        // What that crash leaves: the run's submission and catalog entry, and not one event or checkpoint.
        var run = Path.Combine(_folder.State, "runs", runId);
        File.Delete(Path.Combine(run, "journal.jsonl"));
        if (Directory.Exists(Path.Combine(run, "checkpoints"))) Directory.Delete(Path.Combine(run, "checkpoints"), recursive: true);
        await File.WriteAllTextAsync(Path.Combine(Path.GetDirectoryName(path)!, "release"), "", TestContext.Current.CancellationToken);

        await using var second = await SchedulerHost.StartAsync(_folder);
        var events = await RunWaits.WatchToEndAsync(second.Client(), runId);

        Assert.True(events[^1] is RunCompleted { Succeeded: true }, $"the run ended with {events[^1].GetType().Name}: {string.Join(", ", events.Select(e => e.GetType().Name))}");
        Assert.Equal(["a", "b"], events.OfType<TaskSucceeded>().Select(s => s.TaskId));
    }

    public void Dispose() => _folder.Dispose();
}
