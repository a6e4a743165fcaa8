namespace TaskMaster.Core.Checkpoints;

/// <summary>Reading from an <see cref="ICheckpointRepository"/> the only way a checkpoint may be used: verified.</summary>
public static class CheckpointRepositoryReads
{
    /// <summary>
    /// The checkpoint, decoded and verified (its own checksum, and that it is the one its name says),
    /// or why it is refused, naming its location. Faults of the repository itself are thrown.
    /// </summary>
    public static async Task<CheckpointReadResult> ReadVerifiedAsync(this ICheckpointRepository repository, StoredCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(checkpoint);
        var bytes = await repository.GetAsync(checkpoint, cancellationToken).ConfigureAwait(false);
        return bytes is null ? NotThere(checkpoint, repository) : Verify(checkpoint, bytes);
    }

    /// <summary>The refusal of a checkpoint the repository does not hold.</summary>
    public static CheckpointReadResult NotThere(StoredCheckpoint checkpoint, ICheckpointRepository repository) =>
        CheckpointReadResult.Refused(CheckpointRefusalKind.Unreadable, $"{checkpoint.Location}: not in {repository.Name} (deleted, archived or pruned since)");

    /// <summary>Decodes <paramref name="bytes"/> as <paramref name="checkpoint"/>; a refusal's reason starts with its location.</summary>
    public static CheckpointReadResult Verify(StoredCheckpoint checkpoint, ReadOnlySpan<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var read = CheckpointCodec.Decode(bytes);
        if (!read.IsValid) return CheckpointReadResult.Refused(read.Refusal with { Reason = $"{checkpoint.Location}: {read.Refusal.Reason}" });
        if (read.Document.Checksum != checkpoint.Checksum || read.Document.RunId != checkpoint.RunId || read.Document.Sequence != checkpoint.Sequence)
        {
            return CheckpointReadResult.Refused(CheckpointRefusalKind.ChecksumMismatch,
                $"{checkpoint.Location}: holds checkpoint {read.Document.RunId} #{read.Document.Sequence} ({read.Document.Checksum}), not the one its name says: replaced since");
        }
        return read;
    }
}
