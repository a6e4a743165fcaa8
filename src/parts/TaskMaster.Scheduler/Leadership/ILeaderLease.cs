namespace TaskMaster.Scheduler.Leadership;

/// <summary>
/// The cluster's one scheduler lease (docs/cluster.md, "Failover"): whoever holds it leads (runs the runs,
/// dispatches, writes journals and checkpoints); the others stand by. Winning it gives a term with a
/// fencing token higher than every earlier term's, which the stores check on every write, so a leader
/// that lost the lease without knowing it (paused past its end) can no longer write anything.
/// </summary>
public interface ILeaderLease
{
    /// <summary>
    /// Takes the lease, in a new term with a higher token, when nobody holds it or when it still names
    /// <paramref name="candidate"/> from an earlier term (one this scheduler ended without releasing it: its store
    /// did not answer); null when another scheduler holds it. A candidate asks only while it leads in no term.
    /// </summary>
    /// <exception cref="IOException">The lease's store does not answer.</exception>
    Task<LeaseTerm?> TryAcquireAsync(LeaseCandidate candidate, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Extends <paramref name="term"/>'s lease by <paramref name="duration"/> if it still holds it; false once it does not.</summary>
    /// <exception cref="IOException">The lease's store does not answer.</exception>
    Task<bool> RenewAsync(LeaseTerm term, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Gives the lease up (a graceful stop), if <paramref name="term"/> still holds it, so a standby takes over at once.</summary>
    /// <exception cref="IOException">The lease's store does not answer.</exception>
    Task ReleaseAsync(LeaseTerm term, CancellationToken cancellationToken);

    /// <summary>Who holds the lease now; null when nobody does.</summary>
    /// <exception cref="IOException">The lease's store does not answer.</exception>
    Task<LeaseTerm?> ReadAsync(CancellationToken cancellationToken);
}

/// <summary>A scheduler that may lead: its id (unique per process) and the gRPC address clients are sent to when it leads.</summary>
public sealed record LeaseCandidate(string Id, string Address);

/// <summary>One leadership: who holds it, where clients reach it, and its fencing token (it only grows across terms).</summary>
public sealed record LeaseTerm(long FencingToken, string HolderId, string Address);
