using Grpc.Core;
using TaskMaster.Contracts.Scheduler.V1;
using SchedulerClient = TaskMaster.Contracts.Scheduler.V1.SchedulerService.SchedulerServiceClient;

namespace TaskMaster.SchedulerService.Tests.Support;

/// <summary>Every call of the scheduler API that needs the token, each one that would change or read run <c>run</c>.</summary>
internal static class ControlCalls
{
    private const string NoHeader = "(no header)";

    /// <summary>What a call may carry instead of the token: no header, a wrong token, an empty or bare <c>Bearer</c>.</summary>
    public static readonly TheoryData<string> BadAuthorizations = [NoHeader, "Bearer wrong-token", "Bearer ", "Bearer"];

    /// <summary>The header one of <see cref="BadAuthorizations"/> stands for (null: none).</summary>
    public static string? Header(string authorization) => authorization == NoHeader ? null : authorization;

    public static Func<Task>[] Every(SchedulerClient client, string run, string queueText, string queuePath) =>
    [
        async () => await client.SubmitRunAsync(new SubmitRunRequest { QueueText = queueText, QueuePath = queuePath }, SchedulerClients.Within()),
        async () => await client.PauseRunAsync(new PauseRunRequest { RunId = run }, SchedulerClients.Within()),
        async () => await client.ContinueRunAsync(new ContinueRunRequest { RunId = run }, SchedulerClients.Within()),
        async () => await client.StopRunAsync(new StopRunRequest { RunId = run, Emergency = true }, SchedulerClients.Within()),
        async () => await client.OverrideTaskAsync(new OverrideTaskRequest { RunId = run, TaskId = "a", Action = OverrideAction.Skip }, SchedulerClients.Within()),
        async () => await client.TakeCheckpointAsync(new TakeCheckpointRequest { RunId = run, Force = true }, SchedulerClients.Within()),
        async () => await client.GetStatusAsync(new GetStatusRequest { RunId = run }, SchedulerClients.Within()),
        async () => await client.GetRunAsync(new GetRunRequest { RunId = run }, SchedulerClients.Within()),
        async () => await client.ListRunsAsync(new ListRunsRequest(), SchedulerClients.Within()),
        async () =>
        {
            using var watch = client.WatchRun(new WatchRunRequest { RunId = run }, SchedulerClients.Within());
            await watch.ResponseStream.MoveNext();
        },
    ];
}
