using Grpc.Core;
using TaskMaster.Contracts.Control.V1;
using TaskMaster.Core.ReadModel;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.Tests.ReadModel;
using TaskMaster.Scheduler.Control;
using TaskMaster.Scheduler.Tests.Support;
using RunStatus = TaskMaster.Core.State.RunStatus;

namespace TaskMaster.Scheduler.Tests.Control;

public sealed class ControlGrpcServiceTests
{
    private readonly FakeRunControl _control = new();

    private ControlGrpcService Service => new(_control);

    [Fact]
    public async Task GetStatus_RunningRun_AnswersTheReportForTheQueryAsked()
    {
        var control = new FakeRunControl(RunStatusSamples.Full());
        var service = new ControlGrpcService(control);

        var response = await service.GetStatus(new GetStatusRequest { Detailed = true, IncludeResources = true }, new TestServerCallContext());

        Assert.Equal(new StatusQuery(Detailed: true, IncludeResources: true), control.Asked);
        Assert.Equal(RunStatusJson.Serialize(RunStatusSamples.Full()), RunStatusJson.Serialize(response.ToReport(detailed: true)));
    }

    [Fact]
    public async Task GetStatus_RunNotStarted_FailedPrecondition()
    {
        var service = new ControlGrpcService(new FakeRunControl(report: null));

        var refused = await Assert.ThrowsAsync<RpcException>(() => service.GetStatus(new GetStatusRequest(), new TestServerCallContext()));

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
    }

    [Fact]
    public async Task PauseRun_Accepted_AnswersTheOutcomeOfTheRun()
    {
        _control.Answer = () => new ControlOutcome(RunStatus.Paused, "paused: 2 attempt(s) still running", 41);

        var response = await Service.PauseRun(new PauseRunRequest { Reason = "disk swap" }, new TestServerCallContext());

        Assert.Equal(["Pause(disk swap)"], _control.Calls);
        Assert.Equal(new ControlResponse { RunId = "run-7", State = RunState.Paused, Message = "paused: 2 attempt(s) still running", JournalPosition = 41 }, response);
    }

    [Fact]
    public async Task ContinueRun_Accepted_CallsContinueWithTheReason()
    {
        var response = await Service.ContinueRun(new ContinueRunRequest { Reason = "fixed" }, new TestServerCallContext());

        Assert.Equal(["Continue(fixed)"], _control.Calls);
        Assert.Equal(RunState.Running, response.State);
    }

    [Fact]
    public async Task StopRun_Emergency_PassesTheFlagAndAnswersStopped()
    {
        _control.Answer = () => new ControlOutcome(RunStatus.Interrupted, "stopping now", 50);

        var response = await Service.StopRun(new StopRunRequest { Emergency = true, Reason = "runaway" }, new TestServerCallContext());

        Assert.Equal(["Stop(True, runaway)"], _control.Calls);
        Assert.Equal((RunState.Stopped, 50L), (response.State, response.JournalPosition));
    }

    [Theory]
    [InlineData(OverrideAction.Retry, "Retry")]
    [InlineData(OverrideAction.Skip, "Skip")]
    [InlineData(OverrideAction.Succeed, "Succeed")]
    [InlineData(OverrideAction.Cancel, "Cancel")]
    public async Task OverrideTask_EachAction_MapsToTheEngineAction(OverrideAction action, string engineAction)
    {
        await Service.OverrideTask(new OverrideTaskRequest { TaskId = "build", Action = action, Reason = "why" }, new TestServerCallContext());

        Assert.Equal([$"Override(build, {engineAction}, why)"], _control.Calls);
    }

    [Fact]
    public async Task OverrideTask_UnspecifiedAction_InvalidArgumentAndNoCall()
    {
        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            Service.OverrideTask(new OverrideTaskRequest { TaskId = "build" }, new TestServerCallContext()));

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains("retry, skip, succeed or cancel", refused.Status.Detail);
        Assert.Empty(_control.Calls);
    }

    [Theory]
    [InlineData(ControlRefusal.UnknownTask, StatusCode.NotFound)]
    [InlineData(ControlRefusal.Impossible, StatusCode.FailedPrecondition)]
    public async Task OverrideTask_Refused_MapsToTheStatusCodeWithTheMessage(ControlRefusal refusal, StatusCode expected)
    {
        _control.Answer = () => throw new ControlRefusedException(refusal, "the queue has no task 'bild'; did you mean 'build'?");

        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            Service.OverrideTask(new OverrideTaskRequest { TaskId = "bild", Action = OverrideAction.Skip }, new TestServerCallContext()));

        Assert.Equal(expected, refused.StatusCode);
        Assert.Equal("the queue has no task 'bild'; did you mean 'build'?", refused.Status.Detail);
    }

    [Fact]
    public async Task PauseRun_AfterTheRunEnded_FailedPrecondition()
    {
        _control.Answer = () => throw new ControlRefusedException(ControlRefusal.Impossible, "the run has ended (completed)");

        var refused = await Assert.ThrowsAsync<RpcException>(() => Service.PauseRun(new PauseRunRequest(), new TestServerCallContext()));

        Assert.Equal((StatusCode.FailedPrecondition, "the run has ended (completed)"), (refused.StatusCode, refused.Status.Detail));
    }

    [Fact]
    public async Task SteeringCalls_ReasonPastTheCap_InvalidArgumentAndNothingReachesTheRun()
    {
        var reason = new string('x', ControlLimits.MaxTextLength + 1);
        Func<Task>[] calls =
        [
            () => Service.PauseRun(new PauseRunRequest { Reason = reason }, new TestServerCallContext()),
            () => Service.ContinueRun(new ContinueRunRequest { Reason = reason }, new TestServerCallContext()),
            () => Service.StopRun(new StopRunRequest { Reason = reason }, new TestServerCallContext()),
            () => Service.OverrideTask(new OverrideTaskRequest { TaskId = "a", Action = OverrideAction.Skip, Reason = reason }, new TestServerCallContext()),
        ];

        foreach (var call in calls)
        {
            var refused = await Assert.ThrowsAsync<RpcException>(call);
            Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
            Assert.Contains("at most 1,000", refused.Status.Detail, StringComparison.Ordinal);
        }
        Assert.Empty(_control.Calls);
    }

    [Fact]
    public async Task SteeringCall_ReasonOfExactlyTheCap_Accepted()
    {
        await Service.PauseRun(new PauseRunRequest { Reason = new string('x', ControlLimits.MaxTextLength) }, new TestServerCallContext());

        Assert.Single(_control.Calls);
    }

    [Fact]
    public async Task OverrideTask_TaskIdLongerThanAnyTaskId_InvalidArgument()
    {
        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            Service.OverrideTask(new OverrideTaskRequest { TaskId = new string('a', 5000), Action = OverrideAction.Skip }, new TestServerCallContext()));

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains("at most 200", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(_control.Calls);
    }
}
