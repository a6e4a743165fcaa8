namespace TaskMaster.Core.Checkpoints;

/// <summary>Why a checkpoint file was not used.</summary>
public enum CheckpointRefusalKind
{
    /// <summary>The file could not be read at all (missing, permissions, I/O error).</summary>
    Unreadable,

    /// <summary>The bytes are not a JSON object (invalid at some line and column).</summary>
    NotJson,

    /// <summary>The JSON ends before the document does: the file was cut short.</summary>
    Truncated,

    /// <summary>The compressed data does not decompress (a damaged block, or its own CRC-32 fails).</summary>
    CompressedDataDamaged,

    /// <summary>The file decompresses to more than a checkpoint can be.</summary>
    TooLarge,

    /// <summary>There is no top-level <c>checksum</c>.</summary>
    MissingChecksum,

    /// <summary>The checksum is not <c>sha256:</c> and 64 lowercase hex digits.</summary>
    MalformedChecksum,

    /// <summary>The content does not hash to the recorded checksum: corrupted or changed.</summary>
    ChecksumMismatch,

    /// <summary>Written by a newer TaskMaster in a format this one cannot read.</summary>
    NewerFormat,

    /// <summary>A format version older than the oldest this program reads.</summary>
    UnsupportedFormat,

    /// <summary>A required field is missing or a field has the wrong type.</summary>
    SchemaViolation,

    /// <summary>The checkpoint belongs to another queue file (its hash differs).</summary>
    QueueMismatch,

    /// <summary>The checkpoint belongs to another run.</summary>
    RunMismatch,

    /// <summary>Refused by a caller's own check.</summary>
    Rejected,
}

/// <summary>A checkpoint that must not be used, and why.</summary>
/// <param name="Kind">The class of problem, for code.</param>
/// <param name="Reason">For people: starts with what is wrong (<c>checksum mismatch: …</c>) and says where or what was expected.</param>
public sealed record CheckpointRefusal(CheckpointRefusalKind Kind, string Reason)
{
    public override string ToString() => Reason;
}
