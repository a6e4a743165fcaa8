using TaskMaster.Scheduler.Leadership;

namespace TaskMaster.SchedulerService.Tests.Support;

/// <summary>A real lease whose store can be made not to answer (<see cref="Down"/>), as a Redis outage would.</summary>
internal sealed class SwitchableLease(ILeaderLease lease) : ILeaderLease
{
    public volatile bool Down;

    public Task<LeaseTerm?> TryAcquireAsync(LeaseCandidate candidate, TimeSpan duration, CancellationToken cancellationToken) =>
        Answering<LeaseTerm?>() ?? lease.TryAcquireAsync(candidate, duration, cancellationToken);

    public Task<bool> RenewAsync(LeaseTerm term, TimeSpan duration, CancellationToken cancellationToken) =>
        Answering<bool>() ?? lease.RenewAsync(term, duration, cancellationToken);

    public Task ReleaseAsync(LeaseTerm term, CancellationToken cancellationToken) => Answering() ?? lease.ReleaseAsync(term, cancellationToken);

    public Task<LeaseTerm?> ReadAsync(CancellationToken cancellationToken) => Answering<LeaseTerm?>() ?? lease.ReadAsync(cancellationToken);

    private Task<T>? Answering<T>() => Down ? Task.FromException<T>(new IOException("Redis: the lease's store does not answer (test)")) : null;

    private Task? Answering() => Down ? Task.FromException(new IOException("Redis: the lease's store does not answer (test)")) : null;
}
