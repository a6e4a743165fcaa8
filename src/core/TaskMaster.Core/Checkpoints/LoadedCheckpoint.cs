namespace TaskMaster.Core.Checkpoints;

/// <summary>A checkpoint read back and verified: its document, and the stored checkpoint it was read from.</summary>
/// <param name="Document">The verified document.</param>
/// <param name="Checkpoint">Its run, sequence, checksum and where it was read from.</param>
public sealed record LoadedCheckpoint(CheckpointDocument Document, StoredCheckpoint Checkpoint)
{
    /// <summary>A document read from <paramref name="location"/>, named by the document itself.</summary>
    public static LoadedCheckpoint Of(CheckpointDocument document, string location) =>
        new(document, new StoredCheckpoint(document.RunId, document.Sequence, document.Checksum, location));
}
