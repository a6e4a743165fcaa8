namespace TaskMaster.Scheduler.Leadership;

/// <summary>
/// What a scheduler does only while it leads (dispatching, running its runs). <see cref="SchedulerLeadership"/>
/// calls the duties in their registration order when it wins the lease, and in reverse when it loses it or stops.
/// </summary>
public interface ILeaderDuty
{
    /// <summary>Takes the duty up for <paramref name="term"/>, writing under <paramref name="fence"/>; <paramref name="stepDown"/> is cancelled when the term ends.</summary>
    Task TakeOverAsync(LeaseTerm term, LeaderFence fence, CancellationToken stepDown);

    /// <summary>The term ended without this scheduler knowing in time (a lost lease, a fenced write): drop the duty at once, writing nothing.</summary>
    Task StepDownAsync();

    /// <summary>The service stops while it leads: end the duty cleanly (what it writes is still this term's) before the lease is released.</summary>
    Task StopAsync();
}
