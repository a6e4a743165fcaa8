namespace TaskMaster.Core.Checkpoints;

/// <summary>
/// A checkpoint encoded and ready to store: the file's bytes and what its name and pointer need,
/// so that every copy (primary, mirror, any store) is the same bytes, encoded once.
/// </summary>
/// <param name="JournalPosition">The last journal event the checkpoint covers.</param>
/// <param name="Checksum">The document's <c>checksum</c> (<c>sha256:…</c>).</param>
/// <param name="Bytes">The file: format 2, compressed. May be a buffer its encoder reuses: store it before asking for the next.</param>
/// <param name="JsonBytes">The length of the JSON inside.</param>
public sealed record EncodedCheckpoint(
    string RunId, long Sequence, string Reason, DateTimeOffset Timestamp, long JournalPosition, string Checksum,
    ReadOnlyMemory<byte> Bytes, long JsonBytes);
