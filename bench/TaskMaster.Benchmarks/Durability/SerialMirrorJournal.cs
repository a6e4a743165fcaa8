using TaskMaster.Checkpoint.Journal;
using TaskMaster.Core.Events;
using TaskMaster.Core.Scheduling;

namespace TaskMaster.Benchmarks.Durability;

/// <summary>
/// The mirror done the naive way, as the baseline of the parallel one: the same events to two
/// journals, flushed (written and fsynced) one after the other.
/// </summary>
internal sealed class SerialMirrorJournal(FileEventJournal journal, FileEventJournal mirror) : IEventJournal
{
    public void Append(RunEvent e)
    {
        journal.Append(e);
        mirror.Append(e);
    }

    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        await journal.FlushAsync(cancellationToken);
        await mirror.FlushAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await journal.DisposeAsync();
        await mirror.DisposeAsync();
    }
}
