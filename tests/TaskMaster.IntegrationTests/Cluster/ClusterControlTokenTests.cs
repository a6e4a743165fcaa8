using Grpc.Core;
using TaskMaster.Contracts.Scheduler.V1;
using TaskMaster.SchedulerService.Tests.Support;
using CheckpointTaken = TaskMaster.Core.Events.CheckpointTaken;
using TaskStarted = TaskMaster.Core.Events.TaskStarted;

namespace TaskMaster.IntegrationTests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class ClusterControlTokenTests(ClusterStack stack)
{
    [Theory]
    [MemberData(nameof(ControlCalls.BadAuthorizations), MemberType = typeof(ControlCalls))]
    public async Task EveryControlCall_WithoutAValidToken_IsRefusedAndChangesNothing(string authorization)
    {
        var (text, path) = stack.Queue("token", "# Queue: token\n\n### a: A\n- run: `sleep 120`\n");
        var good = stack.Client();
        var run = (await good.SubmitRunAsync(new SubmitRunRequest { QueueText = text, QueuePath = path }, SchedulerClients.Within())).RunId;
        try
        {
            await RunWaits.FirstAsync(good, run, e => e is CheckpointTaken);
            await RunWaits.FirstAsync(good, run, e => e is TaskStarted);
            var journaled = await RunWaits.JournaledAsync(good, run);
            var runs = (await good.ListRunsAsync(new ListRunsRequest(), SchedulerClients.Within())).Runs.Count;
            var bad = stack.Client(ControlCalls.Header(authorization));

            foreach (var call in ControlCalls.Every(bad, run, text, path))
            {
                var refused = await Assert.ThrowsAsync<RpcException>(call);
                Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
            }

            var status = await good.GetStatusAsync(new GetStatusRequest { RunId = run }, SchedulerClients.Within());
            Assert.Equal((RunState.Running, 1), (status.State, status.TaskCounts.Running));
            Assert.Equal(runs, (await good.ListRunsAsync(new ListRunsRequest(), SchedulerClients.Within())).Runs.Count);
            Assert.Equal(journaled, await RunWaits.JournaledAsync(good, run));
        }
        finally
        {
            await good.StopRunAsync(new StopRunRequest { RunId = run, Emergency = true, Reason = "the test is over" }, SchedulerClients.Within());
        }
    }
}
