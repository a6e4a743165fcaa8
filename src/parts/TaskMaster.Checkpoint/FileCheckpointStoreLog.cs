using Microsoft.Extensions.Logging;

namespace TaskMaster.Checkpoint;

/// <summary>What <see cref="FileCheckpointStore"/> and <see cref="Archiving.CheckpointArchiver"/> log.</summary>
internal static partial class FileCheckpointStoreLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Checkpoint {FileName} ({SizeBytes} bytes) written in {Duration}")]
    public static partial void Written(this ILogger logger, string fileName, long sizeBytes, TimeSpan duration);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Checkpoint {Location} folder failed (critical): {Problem}")]
    public static partial void PrimaryFailed(this ILogger logger, Exception exception, CheckpointLocation location, string problem);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Checkpoint {Location} folder failed (degraded, the primary copy stands): {Problem}")]
    public static partial void MirrorFailed(this ILogger logger, Exception exception, CheckpointLocation location, string problem);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Could not delete {Path}: {Problem}")]
    public static partial void DeleteFailed(this ILogger logger, string path, string problem);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Removed {Path}, a temporary file left by a crash before its rename")]
    public static partial void StrayTempRemoved(this ILogger logger, string path);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Checkpoint {Path} refused: {Reason}")]
    public static partial void Refused(this ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information,
        Message = "Archived {Files} files ({OriginalBytes} bytes) to {ArchivePath} ({ArchiveBytes} bytes)")]
    public static partial void Archived(this ILogger logger, int files, long originalBytes, string archivePath, long archiveBytes);
}
