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
    /// The runs are resumed by <see cref="StartAsync"/>.
    /// </summary>
    public void Lead(LeaderFence fence)
    {
        ArgumentNullException.ThrowIfNull(fence);
        lock (_gate)
        {
            _fence = fence;
            _refused.Clear();
            Started = false;
        }
    }

    /// <summary>
    /// Stops leading at once: every live run is given up here (its loop ends writing nothing: a newer
    /// leader goes on with it from the stores) and forgotten, so that a later term resumes it afresh.
    /// </summary>
    public async Task StepDownAsync()
    {
        List<HostedRun> runs;
        lock (_gate)
        {
            _fence?.End();
            _fence = null;
            Started = false;
            runs = [.. _runs.Values];
        }
        foreach (var run in runs) run.Relinquish("this scheduler no longer leads");
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
            opened = await adapters.OpenRunAsync(runId, resuming, fence.Token, cancellationToken).ConfigureAwait(false);
        }
        catch (Core.Scheduling.JournalFencedException refused)
        {
            // A newer leader holds the run already: this term is over.
            fence.Report(refused);
            throw;
        }
        return opened with { Journal = new FencedJournal(opened.Journal, fence), Checkpoints = new FencedRunCheckpoints(opened.Checkpoints, fence) };
    }
}
