namespace TaskMaster.Core.Runs;

/// <summary>
/// A run's fence: the highest fencing token (leadership term) that has written to the run. A store checks a
/// writer's token against it before it accepts a write, so a scheduler that no longer leads writes nothing.
/// </summary>
public interface IRunFence
{
    /// <summary>Passes when <paramref name="fencingToken"/> is at least the run's fence (0: an unfenced writer, passing only while no leader holds the run).</summary>
    /// <exception cref="Scheduling.JournalFencedException">A newer leader holds the run; the refusal is counted with the fence.</exception>
    /// <exception cref="IOException">The fence could not be read.</exception>
    Task CheckAsync(string runId, long fencingToken, CancellationToken cancellationToken);
}
