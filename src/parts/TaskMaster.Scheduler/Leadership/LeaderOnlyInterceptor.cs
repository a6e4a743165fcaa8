using Grpc.Core;
using TaskMaster.Contracts.Scheduler.V1;
using TaskMaster.ServiceDefaults.Control;

namespace TaskMaster.Scheduler.Leadership;

/// <summary>
/// On a standby, the calls only the leader can answer (it holds the live runs) are refused with
/// <c>UNAVAILABLE</c>, the leader's address in the message and in the trailer <c>taskmaster-leader</c>, so
/// that a client tries the leader (or its next address) instead; the reads of the stores (GetRun, ListRuns,
/// WatchRun) are served by any scheduler. While no leader is known (the lease is being contended, or its
/// store is away) such a call waits up to one lease for one: it is served if this scheduler wins.
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

    protected override ValueTask GuardAsync(ServerCallContext context) =>
        !LeaderMethods.Contains(context.Method) || leadership.Current is not null ? ValueTask.CompletedTask : AwaitLeaderAsync(context);

    private async ValueTask AwaitLeaderAsync(ServerCallContext context)
    {
        var leader = await leadership.AwaitLeaderAsync(context.CancellationToken).ConfigureAwait(false);
        if (leadership.Current is not null) return;
        var trailers = new Metadata();
        if (leader is not null) trailers.Add(LeaderTrailer, leader.Address);
        throw new RpcException(new Status(StatusCode.Unavailable, leader is null
            ? $"this scheduler stands by and no scheduler is known to lead (none took the lease within {leadership.Lease.TotalSeconds} s: a takeover takes a few seconds, or the lease's Redis does not answer): try again"
            : $"this scheduler stands by: scheduler {leader.HolderId} leads, at {leader.Address} (fencing token {leader.FencingToken}); send writes and status calls there"), trailers);
    }
}
