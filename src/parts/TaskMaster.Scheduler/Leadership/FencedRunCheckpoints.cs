using TaskMaster.Core.Checkpoints;
using TaskMaster.Core.Scheduling;
using TaskMaster.Scheduler.Runs;

namespace TaskMaster.Scheduler.Leadership;

/// <summary>A run's checkpoints under its term's <see cref="LeaderFence"/>: none is stored once the term is over here (the checkpoint service checks the token too).</summary>
internal sealed class FencedRunCheckpoints(IRunCheckpoints inner, LeaderFence fence) : IRunCheckpoints, IDisposable
{
    public async Task<CheckpointStored> StoreAsync(EncodedCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        fence.ThrowIfOver();
        try
        {
            return await inner.StoreAsync(checkpoint, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException refused) when (refused.Message.Contains("TMFENCED", StringComparison.Ordinal))
        {
            // The checkpoint service found a newer leader on the run: this term is over.
            fence.Report(new JournalFencedException(refused.Message, refused));
            throw;
        }
    }

    public Task<LoadedCheckpoint?> LoadNewestAsync(CancellationToken cancellationToken) => inner.LoadNewestAsync(cancellationToken);

    public Task<CheckpointReadResult> LoadAsync(string location, CancellationToken cancellationToken) => inner.LoadAsync(location, cancellationToken);

    public void Dispose()
    {
        if (inner is IDisposable disposable) disposable.Dispose();
    }
}
