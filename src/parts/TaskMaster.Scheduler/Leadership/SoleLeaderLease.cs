namespace TaskMaster.Scheduler.Leadership;

/// <summary>
/// The lease of a scheduler that is alone by construction (<c>TASKMASTER_SCHEDULER__ADAPTERS=local</c>: its
/// runs are files on this machine): it always leads, with no fencing (token 0, which no store checks).
/// </summary>
public sealed class SoleLeaderLease : ILeaderLease
{
    public Task<LeaseTerm?> TryAcquireAsync(LeaseCandidate candidate, TimeSpan duration, CancellationToken cancellationToken) =>
        Task.FromResult<LeaseTerm?>(new LeaseTerm(0, candidate.Id, candidate.Address));

    public Task<bool> RenewAsync(LeaseTerm term, TimeSpan duration, CancellationToken cancellationToken) => Task.FromResult(true);

    public Task ReleaseAsync(LeaseTerm term, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<LeaseTerm?> ReadAsync(CancellationToken cancellationToken) => Task.FromResult<LeaseTerm?>(null);
}
