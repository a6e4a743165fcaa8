using TaskMaster.Contracts.Scheduler.V1;
using TaskMaster.Core.Events;
using TaskMaster.Core.Policies;
using TaskMaster.IntegrationTests.Messaging;
using TaskMaster.SchedulerService.Tests.Support;
using TaskStarted = TaskMaster.Core.Events.TaskStarted;

namespace TaskMaster.IntegrationTests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class WorkerCrashTests(ClusterStack stack)
{
    // Each attempt says which worker runs it; the first runs until its worker is killed, the next one ends at once.
    private const string Queue = """
        # Queue: worker-crash

        - retry-backoff: 0s

        ### long: Outlives its first worker
        - retries: 2
        - run: `echo "$TASKMASTER_HOME" > holder.tmp; mv holder.tmp "holder-$TASKMASTER_ATTEMPT"; if [ "$TASKMASTER_ATTEMPT" = 1 ]; then exec sleep 120; fi`
        """;

    [Fact]
    public async Task WorkerKilledMidTask_TheAttemptRunsAgainOnTheOtherWorker_AndItsSuccessIsJournaledOnce()
    {
        var (text, path) = stack.Queue("worker-crash", Queue);
        var folder = Path.GetDirectoryName(path)!;
        var client = stack.Client();
        var runId = (await client.SubmitRunAsync(new SubmitRunRequest { QueueText = text, QueuePath = path }, SchedulerClients.Within())).RunId;
        await Await.FileAsync(Path.Combine(folder, "holder-1"), TimeSpan.FromSeconds(60), stack.Logs);
        var first = stack.WorkerOf(Path.Combine(folder, "holder-1"));
        var killed = stack.Workers[first];

        try
        {
            await killed.KillAsync(TestContext.Current.CancellationToken);
            var events = await RunWaits.WatchToEndAsync(client, runId, seconds: 120);

            var lost = Assert.Single(events.OfType<TaskFailed>());
            Assert.Equal((1, TaskFailureKind.WorkerLost, true), (lost.Attempt, lost.Kind, lost.WillRetry));
            Assert.Equal([1, 2], events.OfType<TaskStarted>().Select(s => s.Attempt));
            Assert.Equal(2, Assert.Single(events.OfType<TaskSucceeded>()).Attempt);
            Assert.True(Assert.IsType<RunCompleted>(events[^1]).Succeeded);
            Assert.Equal(1 - first, stack.WorkerOf(Path.Combine(folder, "holder-2")));
        }
        finally
        {
            // The first attempt's process outlived its worker (a session of its own): started again, the worker kills it before it takes work.
            await killed.StartAgainAsync(TestContext.Current.CancellationToken);
        }
    }
}
