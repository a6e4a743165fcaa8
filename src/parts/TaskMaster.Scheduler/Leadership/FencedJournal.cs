using TaskMaster.Core.Events;
using TaskMaster.Core.Scheduling;

namespace TaskMaster.Scheduler.Leadership;

/// <summary>
/// A run's journal under its term's <see cref="LeaderFence"/>: nothing is flushed once the term is over here,
/// and a refusal by the store itself (a newer leader's token on the run) ends the term.
/// </summary>
internal sealed class FencedJournal(IEventJournal inner, LeaderFence fence) : IEventJournal
{
    public void Append(RunEvent e) => inner.Append(e);

    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        fence.ThrowIfOver();
        try
        {
            await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (JournalFencedException refusal)
        {
            fence.Report(refusal);
            throw;
        }
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
