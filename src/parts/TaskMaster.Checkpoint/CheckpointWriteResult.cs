namespace TaskMaster.Checkpoint;

/// <summary>
/// How writing one checkpoint went. Storage errors are reported here, never thrown: the run decides.
/// <see cref="Succeeded"/> follows the primary folder alone; false is a critical failure (disk full,
/// read-only, gone). A failed mirror with a good primary is a degradation worth a warning.
/// </summary>
/// <param name="FileName">The checkpoint's file name, the same in both folders.</param>
/// <param name="SizeBytes">The encoded size.</param>
/// <param name="Mirror">Null when no mirror is configured.</param>
/// <param name="Duration">From the start of the call to both folders done, encoding included.</param>
public sealed record CheckpointWriteResult(
    string FileName,
    long SizeBytes,
    LocationWriteResult Primary,
    LocationWriteResult? Mirror,
    TimeSpan Duration)
{
    /// <summary>The checkpoint and latest.json are durable in the primary folder.</summary>
    public bool Succeeded => Primary.Succeeded;

    /// <summary>The primary folder failed: the run has no new durable checkpoint there.</summary>
    public bool IsCritical => !Primary.Succeeded;

    /// <summary>The mirror is configured and failed.</summary>
    public bool MirrorFailed => Mirror is { Succeeded: false };
}

/// <summary>How one folder took the write.</summary>
/// <param name="Path">Where the checkpoint file is (or would have been).</param>
/// <param name="CheckpointWritten">
/// The checkpoint file itself is durable; false with an error means nothing changed in the folder.
/// True with an error means latest.json could not be replaced and still holds the previous checkpoint.
/// </param>
/// <param name="Error">Null on success; the <see cref="IOException"/> (e.g. "No space left on device") otherwise.</param>
public sealed record LocationWriteResult(CheckpointLocation Location, string Path, bool CheckpointWritten, Exception? Error)
{
    public bool Succeeded => Error is null;

    /// <summary>For a log line or a message: what happened, with the system's own words.</summary>
    public string Describe() =>
        Error is null ? $"written to {Path}"
        : CheckpointWritten ? $"written to {Path}, but {CheckpointFileName.Latest} not updated: {Error.Message}"
        : $"not written to {Path}: {Error.Message}";
}
