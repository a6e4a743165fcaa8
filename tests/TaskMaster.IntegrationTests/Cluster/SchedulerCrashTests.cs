using TaskMaster.Contracts.Scheduler.V1;
using TaskMaster.Core.Events;
using TaskMaster.SchedulerService.Tests.Support;
using CheckpointTaken = TaskMaster.Core.Events.CheckpointTaken;
using TaskStarted = TaskMaster.Core.Events.TaskStarted;

namespace TaskMaster.IntegrationTests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class SchedulerCrashTests(ClusterStack stack)
{
    // The middle task runs until the test lets it end, so the scheduler dies with it running.
    private const string Queue = """
        # Queue: scheduler-crash

        ### first: First
        - run: `true`

        ### wait: Waits for the test
        - depends: first
        - run: `while [ ! -f release ]; do sleep 0.1; done`

        ### last: Last
        - depends: wait
        - run: `true`
        """;

    [Fact]
    public async Task SchedulerKilledMidRun_TheRunResumesFromItsCheckpointAndRedisJournal_AndLosesNothingAcknowledged()
    {
        var (text, path) = stack.Queue("scheduler-crash", Queue);
        var client = stack.Client();
        var runId = (await client.SubmitRunAsync(new SubmitRunRequest { QueueText = text, QueuePath = path }, SchedulerClients.Within())).RunId;
        await RunWaits.FirstAsync(client, runId, e => e is TaskStarted { TaskId: "wait" });
        await RunWaits.FirstAsync(client, runId, e => e is CheckpointTaken);
        var acknowledged = await RunWaits.WatchToEndAsync(client, runId, follow: false);
        var checkpoint = acknowledged.OfType<CheckpointTaken>().Last();

        await stack.Scheduler.KillAsync(TestContext.Current.CancellationToken);
        await stack.Scheduler.StartAgainAsync(TestContext.Current.CancellationToken);
        var resumed = await RunWaits.FirstAsync(client, runId, e => e is RunStarted { ResumedFrom: not null });
        await File.WriteAllTextAsync(Path.Combine(Path.GetDirectoryName(path)!, "release"), "", TestContext.Current.CancellationToken);
        var events = await RunWaits.WatchToEndAsync(client, runId, seconds: 120);

        Assert.Equal(acknowledged.Select(Describe), events.Take(acknowledged.Count).Select(Describe));
        // The same checkpoint, from whichever of the checkpoint service's stores answered first (Redis keeps the newest).
        Assert.Equal(Path.GetFileName(checkpoint.Location), Path.GetFileName(((RunStarted)resumed).ResumedFrom));
        Assert.True(Assert.IsType<RunCompleted>(events[^1]).Succeeded);
        Assert.Equal(["first", "wait", "last"], events.OfType<TaskSucceeded>().Select(s => s.TaskId));
        Assert.Contains(events, e => e is TaskStarted { TaskId: "wait" } && e.Sequence > resumed.Sequence);
    }

    private static string Describe(RunEvent e) => $"{e.Sequence} {e.GetType().Name} {e.At:O}";
}
