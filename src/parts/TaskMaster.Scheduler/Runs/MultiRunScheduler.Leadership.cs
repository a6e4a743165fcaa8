using TaskMaster.Scheduler.Control;
using TaskMaster.Scheduler.Leadership;

namespace TaskMaster.Scheduler.Runs;

// Leading and stepping down: the runs exist here only while this scheduler holds the lease, and write under its term's fence.
public sealed partial class MultiRunScheduler
{
    /// <summary>True while this scheduler leads: it runs the cluster's runs and takes submissions.</summary>
    public bool Leading => _fence is { IsOver: false };

    /// <summary>
    /// Leads in the term <paramref name="fence"/> guards: every run opened from now on writes under its token.
    /// The runs kept from this scheduler's last term go on in place when <paramref name="fence"/> is that term's,
    /// carried on into this one (no other scheduler led in between: what they held unwritten is theirs, in
    /// sequence); otherwise they are dropped here, writing nothing, and <see cref="StartAsync"/> resumes them
    /// from the stores with the other unfinished runs.
    /// </summary>
    public async Task LeadAsync(LeaderFence fence)
    {
        ArgumentNullException.ThrowIfNull(fence);
        bool inPlace;
        lock (_gate)
        {
            inPlace = ReferenceEquals(fence, _lastFence);
            _fence = fence;
            _lastFence = null;
            _refused.Clear();
            Started = false;
        }
        if (inPlace) LogContinuedInPlace(_runs.Count, fence.Token);
        else await DropRunsAsync("another scheduler led since this one did").ConfigureAwait(false);
    }

    /// <summary>
    /// Stops leading at once: every live run stops writing (its loop holds what it would write, and dispatches
    /// nothing) and is kept, to go on in place if this scheduler's very next term carries this one's fence on,
    /// or to be dropped when another term begins (<see cref="LeadAsync"/>) or the service stops.
    /// </summary>
    public Task StepDownAsync()
    {
        lock (_gate)
        {
            _fence?.End();
            _lastFence = _fence;
            _fence = null;
            Started = false;
        }
        return Task.CompletedTask;
    }

    /// <summary>Gives every live run up here (its loop ends writing nothing: a newer leader goes on with it from the stores) and forgets it.</summary>
    private async Task DropRunsAsync(string reason)
    {
        List<HostedRun> runs = [.. _runs.Values];
        foreach (var run in runs) run.Relinquish(reason);
        foreach (var run in runs)
        {
            try { await run.DisposeAsync().ConfigureAwait(false); }
            catch (Exception e) when (e is IOException or InvalidOperationException or Grpc.Core.RpcException) { LogRunEndFailed(e, run.Control.RunId); }
            _runs.TryRemove(new(run.Control.RunId, run));
            if (_endings.TryRemove(run.Control.RunId, out var ending)) await ending.ConfigureAwait(false);
        }
    }

    /// <summary>The run's adapters under the current term's fence: nothing is written once the term is over here, and the stores check its token.</summary>
    private async ValueTask<RunAdapters> OpenFencedAsync(string runId, bool resuming, CancellationToken cancellationToken)
    {
        var fence = _fence is { IsOver: false } current ? current : throw new RunControlException("this scheduler does not lead: it runs nothing");
        RunAdapters opened;
        try
        {
            opened = await adapters.OpenRunAsync(runId, resuming, () => fence.Token, cancellationToken).ConfigureAwait(false);
        }
        catch (Core.Scheduling.JournalFencedException refused)
        {
            // A newer leader holds the run already: this term is over.
            fence.Report(refused);
            throw;
        }
        return opened with { Journal = new FencedJournal(opened.Journal, fence), Checkpoints = new FencedRunCheckpoints(opened.Checkpoints, fence) };
    }

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Warning,
        Message = "LEADER again in the very next term (fencing token {FencingToken}): {Runs} runs go on in place and write what they held")]
    private partial void LogContinuedInPlace(int runs, long fencingToken);
}
