using Grpc.Core;
using TaskMaster.Contracts.Scheduler.V1;
using CheckpointTaken = TaskMaster.Core.Events.CheckpointTaken;
using TaskStarted = TaskMaster.Core.Events.TaskStarted;
using TaskMaster.Scheduler.Control;
using TaskMaster.ServiceDefaults.Control;
using TaskMaster.SchedulerService.Tests.Support;

namespace TaskMaster.SchedulerService.Tests;

public sealed class ControlTokenTests : IDisposable
{
    private readonly ServiceFolder _folder = new();

    [Theory]
    [MemberData(nameof(ControlCalls.BadAuthorizations), MemberType = typeof(ControlCalls))]
    public async Task EveryCall_WithoutAValidToken_UnauthenticatedAndNothingChanges(string authorization)
    {
        var (text, path) = _folder.Queue("wait", "# Queue: wait\n\n### a: A\n- run: `sleep 30`\n");
        await using var host = await SchedulerHost.StartAsync(_folder);
        var good = host.Client();
        var accepted = await good.SubmitRunAsync(new SubmitRunRequest { QueueText = text, QueuePath = path }, SchedulerClients.Within());
        await RunWaits.FirstAsync(good, accepted.RunId, e => e is CheckpointTaken);
        await RunWaits.FirstAsync(good, accepted.RunId, e => e is TaskStarted);
        var before = await RunWaits.JournaledAsync(good, accepted.RunId);
        var bad = host.Client(ControlCalls.Header(authorization));
        var run = accepted.RunId;

        var calls = ControlCalls.Every(bad, run, text, path);
        foreach (var call in calls)
        {
            var refused = await Assert.ThrowsAsync<RpcException>(call);
            Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        }

        var status = await good.GetStatusAsync(new GetStatusRequest { RunId = run }, SchedulerClients.Within());
        Assert.Single((await good.ListRunsAsync(new ListRunsRequest(), SchedulerClients.Within())).Runs);
        Assert.Equal((RunState.Running, 1), (status.State, status.TaskCounts.Running));
        Assert.Equal(before, await RunWaits.JournaledAsync(good, run));
    }

    [Fact]
    public async Task Start_NoTokenFileSetting_RefusesToStartNamingTheSetting()
    {
        _folder.TokenFileSetting = null;

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => SchedulerHost.StartAsync(_folder));

        Assert.Contains(ControlTokenSettings.TokenFileVariable, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_TokenFileOthersMayRead_RefusesToStart()
    {
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(_folder.TokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => SchedulerHost.StartAsync(_folder));

        Assert.Contains("chmod 600", refused.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
