namespace TaskMaster.Checkpoint.Archiving;

/// <summary>What kind of file an archive entry is, for the report.</summary>
internal enum ArchivedKind
{
    Checkpoint,
    Log,
    TaskLog,
}

/// <summary>A file to archive and its name inside the archive (relative, as under <c>$TASKMASTER_HOME</c>).</summary>
internal sealed record ArchiveEntry(string SourcePath, string EntryName, ArchivedKind Kind, long SizeBytes);
