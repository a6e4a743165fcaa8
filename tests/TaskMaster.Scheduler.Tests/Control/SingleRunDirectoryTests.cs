using Grpc.Core;
using TaskMaster.Contracts.Scheduler.V1;
using TaskMaster.Scheduler.Control;
using TaskMaster.Core.Tests.ReadModel;
using TaskMaster.Scheduler.Tests.Support;

namespace TaskMaster.Scheduler.Tests.Control;

/// <summary>The embedded executor's one run behind the scheduler API.</summary>
public sealed class SingleRunDirectoryTests
{
    private readonly FakeRunControl _control = new(RunStatusSamples.Full());

    private SchedulerGrpcService Service => new(new SingleRunDirectory(_control));

    [Theory]
    [InlineData("")]
    [InlineData("run-7")]
    public async Task PauseRun_ItsRunIdOrNone_ReachesTheRun(string runId)
    {
        var response = await Service.PauseRun(new PauseRunRequest { RunId = runId, Reason = "why" }, new TestServerCallContext());

        Assert.Equal(["Pause(why)"], _control.Calls);
        Assert.Equal("run-7", response.RunId);
    }

    [Fact]
    public async Task EveryRunCall_UnknownRunId_NotFoundAndNothingReachesTheRun()
    {
        Func<Task>[] calls =
        [
            () => Service.PauseRun(new PauseRunRequest { RunId = "run-8" }, new TestServerCallContext()),
            () => Service.ContinueRun(new ContinueRunRequest { RunId = "run-8" }, new TestServerCallContext()),
            () => Service.StopRun(new StopRunRequest { RunId = "run-8", Emergency = true }, new TestServerCallContext()),
            () => Service.OverrideTask(new OverrideTaskRequest { RunId = "run-8", TaskId = "a", Action = OverrideAction.Skip }, new TestServerCallContext()),
            () => Service.GetStatus(new GetStatusRequest { RunId = "run-8" }, new TestServerCallContext()),
            () => Service.TakeCheckpoint(new TakeCheckpointRequest { RunId = "run-8" }, new TestServerCallContext()),
            () => Service.GetRun(new GetRunRequest { RunId = "run-8" }, new TestServerCallContext()),
            () => Service.ResumeRun(new ResumeRunRequest { RunId = "run-8" }, new TestServerCallContext()),
        ];

        foreach (var call in calls)
        {
            var refused = await Assert.ThrowsAsync<RpcException>(call);
            Assert.Equal(StatusCode.NotFound, refused.StatusCode);
        }
        Assert.Empty(_control.Calls);
    }

    [Fact]
    public async Task ListRuns_OneRun_ListsItWithItsState()
    {
        var response = await Service.ListRuns(new ListRunsRequest(), new TestServerCallContext());

        var run = Assert.Single(response.Runs);
        Assert.Equal(("run-7", RunStatusSamples.Full().Queue.Name), (run.RunId, run.Name));
    }

    [Fact]
    public async Task SubmitRun_EmbeddedExecutor_FailedPreconditionNamingTheService()
    {
        var refused = await Assert.ThrowsAsync<RpcException>(() => Service.SubmitRun(
            new SubmitRunRequest { QueueText = "# q", QueuePath = "/tmp/q.md" }, new TestServerCallContext()));

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("--server", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResumeRun_ItsOwnLiveRun_FailedPreconditionNamingTheHomeResume()
    {
        var refused = await Assert.ThrowsAsync<RpcException>(() => Service.ResumeRun(new ResumeRunRequest { RunId = "run-7" }, new TestServerCallContext()));

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("task-master resume", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(_control.Calls);
    }

    [Fact]
    public async Task ResumeRun_NoRunId_InvalidArgument()
    {
        var refused = await Assert.ThrowsAsync<RpcException>(() => Service.ResumeRun(new ResumeRunRequest(), new TestServerCallContext()));

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
    }
}
