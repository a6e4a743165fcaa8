using TaskMaster.Core.Checkpoints;
using TaskMaster.Core.Scheduling;
using TaskMaster.LocalHome;

namespace TaskMaster.Scheduler.Runs;

/// <summary>One run's adapters: its journal, the executor its attempts go to, and its checkpoints.</summary>
/// <param name="Journal">Appends the run's events durably (and feeds <see cref="ISchedulerAdapters.Events"/>).</param>
/// <param name="JournalName">How checkpoints name the journal they continue (a file relative to <paramref name="Home"/>, a stream key).</param>
/// <param name="Executor">Runs the run's attempts.</param>
/// <param name="Checkpoints">Stores the run's checkpoints and reads them back.</param>
/// <param name="Home">Where tasks' state files are read from into checkpoints.</param>
public sealed record RunAdapters(IEventJournal Journal, string JournalName, ITaskExecutor Executor, IRunCheckpoints Checkpoints, HomeLayout Home)
    : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        await Executor.DisposeAsync().ConfigureAwait(false);
        await Journal.DisposeAsync().ConfigureAwait(false);
        if (Checkpoints is IDisposable disposable) disposable.Dispose();
    }
}

/// <summary>A run's checkpoint storage: written on the embedded triggers, read back to resume and to roll back.</summary>
public interface IRunCheckpoints : ICheckpointStore
{
    /// <summary>The run's newest checkpoint that verifies; null when none was written (or none verifies).</summary>
    Task<LoadedCheckpoint?> LoadNewestAsync(CancellationToken cancellationToken);

    /// <summary>The checkpoint at <paramref name="location"/>, verified, or why it cannot be used (a rollback reads it off the dispatch loop).</summary>
    Task<CheckpointReadResult> LoadAsync(string location, CancellationToken cancellationToken);
}
