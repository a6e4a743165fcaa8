namespace TaskMaster.Checkpoint.Archiving;

/// <summary>What one archiving pass did.</summary>
/// <param name="ArchivePath">The <c>.tar.gz</c> written; null when nothing was old enough.</param>
/// <param name="Checkpoints">Checkpoint files archived (both folders).</param>
/// <param name="Logs">Executor logs (<c>logs/*.jsonl</c>) archived.</param>
/// <param name="TaskLogs">Task logs (<c>runs/*/tasks/*.log</c>) of finished runs archived.</param>
/// <param name="ArchivedBytes">Total size of the files put in the archive.</param>
/// <param name="ArchiveBytes">Size of the archive.</param>
/// <param name="FreedBytes">Size of the originals deleted after the archive was verified.</param>
/// <param name="NotDeleted">Archived files that could not be deleted afterwards (they are safe in the archive too).</param>
public sealed record ArchiveReport(
    string? ArchivePath,
    int Checkpoints,
    int Logs,
    int TaskLogs,
    long ArchivedBytes,
    long ArchiveBytes,
    long FreedBytes,
    IReadOnlyList<string> NotDeleted)
{
    public static ArchiveReport Nothing { get; } = new(null, 0, 0, 0, 0, 0, 0, []);

    public int Files => Checkpoints + Logs + TaskLogs;

    /// <summary>Disk space given back: originals deleted less the archive (negative for a few tiny files: gzip has overhead).</summary>
    public long BytesSaved => FreedBytes - ArchiveBytes;
}
