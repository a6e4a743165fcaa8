using System.Text;
using Grpc.Core;
using TaskMaster.Contracts.Scheduler.V1;
using TaskMaster.SchedulerService.Tests.Support;

namespace TaskMaster.SchedulerService.Tests.Hostile;

/// <summary>The scheduler service's gRPC port under input no honest client sends: each call refused with a status that says why, the service still serving, nothing changed.</summary>
public sealed class SchedulerHostileInputTests : IDisposable
{
    private const string Service = "taskmaster.scheduler.v1.SchedulerService";

    private readonly ServiceFolder _folder = new();

    [Theory]
    [InlineData("SubmitRun")]
    [InlineData("GetStatus")]
    [InlineData("PauseRun")]
    [InlineData("OverrideTask")]
    public async Task Call_MalformedProtobufBody_InvalidArgumentSayingSoAndTheServiceStillServes(string method)
    {
        await using var host = await SchedulerHost.StartAsync(_folder);

        // A field tag of 0 and a length running past the end: not a protobuf message of any type.
        var status = await RawGrpcCalls.SendAsync(host.Channel(), Service, method, [0x00, 0x0a, 0xff, 0xff, 0xff, 0x7f, 0x01], $"Bearer {_folder.Token}");

        Assert.Equal(StatusCode.InvalidArgument, status.StatusCode);
        Assert.StartsWith($"the request is not a taskmaster.scheduler.v1.{method}Request message: ", status.Detail, StringComparison.Ordinal);
        Assert.Empty((await host.Client().ListRunsAsync(new ListRunsRequest(), SchedulerClients.Within())).Runs);
    }

    [Fact]
    public async Task SubmitRun_HundredMegabyteQueueText_ResourceExhaustedNamingTheLimitWithoutReadingIt()
    {
        await using var service = await ServiceProcess.StartAsync(_folder);
        var before = service.PeakResidentBytes;
        var client = service.Client();
        var text = "# Queue: huge\n\n" + new string('x', 100 << 20);

        var refused = await Assert.ThrowsAsync<RpcException>(async () => await client.SubmitRunAsync(
            new SubmitRunRequest { QueueText = text, QueuePath = Path.Combine(_folder.Queues, "huge.md") }, SchedulerClients.Within(120)));

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains($"accepts at most {ControlLimitsBytes:N0} bytes per message", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Empty((await client.ListRunsAsync(new ListRunsRequest(), SchedulerClients.Within())).Runs);
        // The message was refused from its length alone: the service never held its 100 MB.
        Assert.True(service.PeakResidentBytes - before < 50 << 20, $"peak resident set grew {(service.PeakResidentBytes - before) >> 20} MiB");
    }

    [Fact]
    public async Task Calls_UnknownRunId_NotFoundNamingTheRun()
    {
        await using var host = await SchedulerHost.StartAsync(_folder);
        var client = host.Client();
        const string Unknown = "run-that-never-was";

        var refusals = new List<RpcException>
        {
            await Assert.ThrowsAsync<RpcException>(async () => await client.GetStatusAsync(new GetStatusRequest { RunId = Unknown }, SchedulerClients.Within())),
            await Assert.ThrowsAsync<RpcException>(async () => await client.GetRunAsync(new GetRunRequest { RunId = Unknown }, SchedulerClients.Within())),
            await Assert.ThrowsAsync<RpcException>(async () => await client.PauseRunAsync(new PauseRunRequest { RunId = Unknown }, SchedulerClients.Within())),
            await Assert.ThrowsAsync<RpcException>(async () => await client.StopRunAsync(new StopRunRequest { RunId = Unknown }, SchedulerClients.Within())),
            await Assert.ThrowsAsync<RpcException>(async () => await client.ResumeRunAsync(new ResumeRunRequest { RunId = Unknown }, SchedulerClients.Within())),
            await Assert.ThrowsAsync<RpcException>(async () => await client.OverrideTaskAsync(
                new OverrideTaskRequest { RunId = Unknown, TaskId = "a", Action = OverrideAction.Skip }, SchedulerClients.Within())),
            await Assert.ThrowsAsync<RpcException>(async () =>
            {
                using var watch = client.WatchRun(new WatchRunRequest { RunId = Unknown }, SchedulerClients.Within());
                await watch.ResponseStream.MoveNext(CancellationToken.None);
            }),
        };

        Assert.All(refusals, refused =>
        {
            Assert.Equal(StatusCode.NotFound, refused.StatusCode);
            Assert.Contains($"no run '{Unknown}' here", refused.Status.Detail, StringComparison.Ordinal);
        });
    }

    private const int ControlLimitsBytes = Core.Scheduling.ControlLimits.MaxSubmissionBytes;

    public void Dispose() => _folder.Dispose();
}
