namespace TaskMaster.Checkpoint;

/// <summary>Which of the two folders a checkpoint file is in.</summary>
public enum CheckpointLocation
{
    /// <summary>Written first; its failure is critical.</summary>
    Primary,

    /// <summary>The redundant copy; its failure degrades, it does not stop the run.</summary>
    Mirror,
}

/// <summary>A checkpoint file as its name describes it; its content is not read or verified.</summary>
/// <param name="Path">Full path of the file.</param>
/// <param name="RunId">The run id as written in the file name (characters unsafe in a file name replaced by <c>-</c>).</param>
/// <param name="Timestamp">When the checkpoint was taken, to the millisecond.</param>
public sealed record CheckpointInfo(
    string Path,
    CheckpointLocation Location,
    string RunId,
    long Sequence,
    string Reason,
    DateTimeOffset Timestamp,
    long SizeBytes)
{
    public string FileName => System.IO.Path.GetFileName(Path);
}
