using Grpc.Core;
using TaskMaster.Contracts.Scheduler.V1;
using TaskMaster.Scheduler.Control;
using TaskMaster.Scheduler.Tests.Support;
using TaskMaster.ServiceDefaults.Control;

namespace TaskMaster.Scheduler.Tests.Control;

/// <summary>Every steering call goes through the token check before it reaches the run.</summary>
public sealed class ControlTokenInterceptorTests
{
    private const string Token = "0123456789abcdef";
    private readonly FakeRunControl _control = new();
    private readonly ControlTokenInterceptor _interceptor = new(new ControlTokenOptions { Token = Token });

    // "" sends no authorization header at all.
    public static TheoryData<string> BadHeaders() => ["", "Bearer wrong-token", Token, "Basic " + Token, "Bearer" + Token, "Bearer ", "Bearer " + Token + "x"];

    [Theory]
    [MemberData(nameof(BadHeaders))]
    public async Task SteeringCalls_WithoutTheToken_UnauthenticatedAndNothingChanges(string header)
    {
        var service = new SchedulerGrpcService(new SingleRunDirectory(_control));
        Func<ServerCallContext, Task>[] calls =
        [
            c => _interceptor.UnaryServerHandler(new PauseRunRequest(), c, service.PauseRun),
            c => _interceptor.UnaryServerHandler(new ContinueRunRequest(), c, service.ContinueRun),
            c => _interceptor.UnaryServerHandler(new StopRunRequest { Emergency = true }, c, service.StopRun),
            c => _interceptor.UnaryServerHandler(new OverrideTaskRequest { TaskId = "a", Action = OverrideAction.Skip }, c, service.OverrideTask),
        ];

        foreach (var call in calls)
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => call(Context(header)));
            Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        }

        Assert.Empty(_control.Calls);
    }

    [Fact]
    public async Task SteeringCall_WithTheToken_ReachesTheRun()
    {
        var service = new SchedulerGrpcService(new SingleRunDirectory(_control));

        await _interceptor.UnaryServerHandler(new StopRunRequest { Reason = "done" }, Context(ControlToken.Scheme + Token), service.StopRun);

        Assert.Equal(["Stop(False, done)"], _control.Calls);
    }

    [Theory]
    [InlineData("bearer ")]
    [InlineData("BEARER ")]
    [InlineData("Bearer   ")]
    public async Task SteeringCall_SchemeInAnyCaseAndSpaces_ReachesTheRun(string scheme)
    {
        var service = new SchedulerGrpcService(new SingleRunDirectory(_control));

        await _interceptor.UnaryServerHandler(new PauseRunRequest(), Context(scheme + Token), service.PauseRun);

        Assert.Equal(["Pause()"], _control.Calls);
    }

    private static TestServerCallContext Context(string authorization)
    {
        var context = new TestServerCallContext();
        if (authorization.Length > 0) context.RequestHeaders.Add(ControlToken.Header, authorization);
        return context;
    }
}
