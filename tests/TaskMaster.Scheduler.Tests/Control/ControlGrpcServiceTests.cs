using Grpc.Core;
using TaskMaster.Contracts.Control.V1;
using TaskMaster.Scheduler.Control;
using TaskMaster.Scheduler.Reporting;
using TaskMaster.Scheduler.Tests.Reporting;
using TaskMaster.Scheduler.Tests.Support;

namespace TaskMaster.Scheduler.Tests.Control;

public sealed class ControlGrpcServiceTests
{
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

    private sealed class FakeRunControl(RunStatusReport? report) : IRunControl
    {
        public StatusQuery? Asked { get; private set; }

        public Task<CheckpointTaken> TakeCheckpointAsync(bool force, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<RunStatusReport> GetStatusAsync(StatusQuery query, CancellationToken cancellationToken)
        {
            Asked = query;
            return Task.FromResult(report ?? throw new RunControlException("the run is starting"));
        }
    }
}
