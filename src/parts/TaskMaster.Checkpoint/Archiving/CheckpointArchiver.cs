using System.Globalization;
using Microsoft.Extensions.Logging;
using TaskMaster.Checkpoint.Storage;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.Storage;
using TaskMaster.LocalHome;

namespace TaskMaster.Checkpoint.Archiving;

/// <summary>
/// Monthly maintenance (PRD-6): compresses old checkpoints and logs into one <c>.tar.gz</c> per pass,
/// verifies it against the originals, and only then deletes them. Never takes the newest valid
/// checkpoint of a folder, latest.json, the executor's current log, or task logs of runs that may resume.
/// It may run beside a store that is writing: it only takes files older than the cut-off, and a
/// file pruned meanwhile fails the pass with an <see cref="IOException"/> before anything is deleted.
/// </summary>
public sealed class CheckpointArchiver(FileCheckpointStore store, HomeLayout home, TimeProvider timeProvider, ILogger<CheckpointArchiver> logger)
{
    /// <summary>Archives what was last written more than <paramref name="age"/> ago.</summary>
    /// <param name="archiveDirectory">Default <c>$TASKMASTER_HOME/archive</c>.</param>
    /// <param name="isRunFinished">
    /// Whether a run (by id) will never write its task logs again. Default: its newest valid
    /// checkpoint says <c>completed</c> or <c>failed</c>; a run with no checkpoint keeps its logs.
    /// </param>
    /// <exception cref="InvalidDataException">The archive did not read back the same; it is deleted and nothing else is touched.</exception>
    /// <exception cref="IOException">Writing the archive failed (disk full); nothing is deleted.</exception>
    public async Task<ArchiveReport> ArchiveOlderThanAsync(
        TimeSpan age, string? archiveDirectory = null, Func<string, bool>? isRunFinished = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(age, TimeSpan.Zero);
        var now = timeProvider.GetUtcNow();
        var entries = await new ArchivePlan(store, home, now - age).CollectAsync(isRunFinished, cancellationToken);
        if (entries.Count == 0) return ArchiveReport.Nothing;

        var directory = Path.GetFullPath(archiveDirectory ?? home.ArchiveDirectory);
        PrivateFiles.CreateDirectory(directory);
        var path = Path.Combine(directory, UnusedName(directory, now));
        await TarGzArchive.WriteAsync(directory, Path.GetFileName(path), entries, cancellationToken);
        try
        {
            await TarGzArchive.VerifyAsync(path, entries, cancellationToken);
        }
        catch
        {
            FileRemoval.TryDelete(path, logger);
            throw;
        }

        var notDeleted = entries.Where(e => !FileRemoval.TryDelete(e.SourcePath, logger)).ToList();
        var archiveBytes = new FileInfo(path).Length;
        var archivedBytes = entries.Sum(e => e.SizeBytes);
        logger.Archived(entries.Count, archivedBytes, path, archiveBytes);
        return new ArchiveReport(
            path,
            entries.Count(e => e.Kind == ArchivedKind.Checkpoint),
            entries.Count(e => e.Kind == ArchivedKind.Log),
            entries.Count(e => e.Kind == ArchivedKind.TaskLog),
            archivedBytes,
            archiveBytes,
            archivedBytes - notDeleted.Sum(e => e.SizeBytes),
            notDeleted.Select(e => e.SourcePath).ToList());
    }

    // One archive per pass, named by its time; a second pass in the same second gets a suffix.
    private static string UnusedName(string directory, DateTimeOffset now)
    {
        var stem = "taskmaster-" + now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var name = stem + ".tar.gz";
        for (var n = 2; File.Exists(Path.Combine(directory, name)); n++) name = $"{stem}-{n}.tar.gz";
        return name;
    }
}
