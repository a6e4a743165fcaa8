using TaskMaster.Checkpoint;
using TaskMaster.Scheduler.Control;

namespace TaskMaster.Cli.Hosting;

/// <summary>The control API's view of an embedded run.</summary>
internal sealed class EmbeddedRunControl(Checkpointer checkpointer) : IRunControl
{
    public async Task<CheckpointTaken> TakeCheckpointAsync(bool force, CancellationToken cancellationToken)
    {
        try
        {
            var taken = await checkpointer.RequestAsync(force, cancellationToken).ConfigureAwait(false);
            return new CheckpointTaken(RunId, taken.Path, taken.MirrorPath, taken.CheckpointSequence, taken.JournalPosition, taken.At);
        }
        catch (InvalidOperationException e)
        {
            throw new RunControlException(e.Message);
        }
        catch (IOException e)
        {
            throw new RunControlException($"the checkpoint could not be written: {e.Message}");
        }
    }

    public required string RunId { get; init; }
}
