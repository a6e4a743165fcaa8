using Grpc.Core;
using TaskMaster.Contracts.Scheduler.V1;
using TaskMaster.ServiceDefaults.Control;

namespace TaskMaster.Scheduler.Leadership;

/// <summary>
/// On a standby, the calls only the leader can answer (it holds the live runs) are refused with
/// <c>UNAVAILABLE</c>, the leader's address in the message and in the trailer <c>taskmaster-leader</c>, so
/// that a client tries the leader (or its next address) instead; the reads of the stores (GetRun, ListRuns,
/// WatchRun) are served by any scheduler.
/// </summary>
internal sealed class LeaderOnlyInterceptor(SchedulerLeadership leadership) : CallGuardInterceptor
{
    /// <summary>The trailer naming the leader's address.</summary>
    public const string LeaderTrailer = "taskmaster-leader";

    private static readonly HashSet<string> LeaderMethods = new(
        new[]
        {
            nameof(SchedulerService.SchedulerServiceBase.SubmitRun), nameof(SchedulerService.SchedulerServiceBase.GetStatus),
            nameof(SchedulerService.SchedulerServiceBase.TakeCheckpoint), nameof(SchedulerService.SchedulerServiceBase.PauseRun),
            nameof(SchedulerService.SchedulerServiceBase.ContinueRun), nameof(SchedulerService.SchedulerServiceBase.StopRun),
            nameof(SchedulerService.SchedulerServiceBase.OverrideTask), nameof(SchedulerService.SchedulerServiceBase.ResumeRun),
        }.Select(method => $"/{SchedulerService.Descriptor.FullName}/{method}"),
        StringComparer.Ordinal);

    protected override void Guard(ServerCallContext context)
    {
        if (!LeaderMethods.Contains(context.Method) || leadership.Current is not null) return;
        var leader = leadership.Leader;
        var trailers = new Metadata();
        if (leader is not null) trailers.Add(LeaderTrailer, leader.Address);
        throw new RpcException(new Status(StatusCode.Unavailable, leader is null
            ? "this scheduler stands by and no scheduler leads right now (a takeover takes a few seconds): try again"
            : $"this scheduler stands by: scheduler {leader.HolderId} leads, at {leader.Address} (fencing token {leader.FencingToken}); send writes and status calls there"), trailers);
    }
}
