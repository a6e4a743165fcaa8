using TaskMaster.Core.Checkpoints;
using TaskMaster.Core.Scheduling;
using TaskMaster.LocalHome;

namespace TaskMaster.Checkpoint.Archiving;

/// <summary>Chooses what an archiving pass takes: files last written before the cut-off, minus what must stay.</summary>
internal sealed class ArchivePlan(FileCheckpointStore store, HomeLayout home, DateTimeOffset cutoff)
{
    // Runs in these states will not write again; any other (running, paused, interrupted) may be resumed.
    private static readonly HashSet<string> FinishedStatuses = new(StringComparer.OrdinalIgnoreCase) { "completed", "failed" };

    /// <summary>
    /// Everything old enough, except: the newest valid checkpoint of each folder, latest.json and the
    /// valid checkpoint it names, the newest executor log (the logger may still append to it), and task logs
    /// of runs not known to be finished (by default: the run's newest valid checkpoint says completed or failed).
    /// </summary>
    public async Task<IReadOnlyList<ArchiveEntry>> CollectAsync(Func<string, bool>? isRunFinished, CancellationToken cancellationToken)
    {
        var entries = new List<ArchiveEntry>();
        var finishedRuns = new HashSet<string>();
        var runsSeen = new HashSet<string>();
        var runsNamedSeen = new HashSet<string>(StringComparer.Ordinal);
        var foldersWithNewestValid = new HashSet<CheckpointLocation>();
        var named = NamedByLatest();
        // Newest first, a checkpoint is decoded only when its verdict matters: until each folder has its
        // newest valid one, when latest.json names it, and (without isRunFinished) until each run's newest
        // valid one has said its status. The rest are judged by their file's age alone, so a pass costs a
        // few checkpoints, not every checkpoint of the home.
        foreach (var checkpoint in store.List())
        {
            var old = IsOld(new FileInfo(checkpoint.Path));
            var needed = !foldersWithNewestValid.Contains(checkpoint.Location)
                         || (old && named.Contains(checkpoint.Path))
                         || (isRunFinished is null && !runsNamedSeen.Contains(checkpoint.RunId));
            if (!needed)
            {
                if (old) entries.Add(Entry(checkpoint));
                continue;
            }
            var document = await TryDecodeAsync(checkpoint.Path, cancellationToken);
            if (document is not null) runsNamedSeen.Add(checkpoint.RunId);
            if (document is not null && runsSeen.Add(document.RunId) && FinishedStatuses.Contains(document.ExecutionState.Status))
                finishedRuns.Add(document.RunId);
            if (document is not null && foldersWithNewestValid.Add(checkpoint.Location)) continue;
            if (document is not null && named.Contains(checkpoint.Path)) continue;
            if (old) entries.Add(Entry(checkpoint));
        }

        var logs = Files(home.LogsDirectory, "*.jsonl").OrderByDescending(f => f.LastWriteTimeUtc).Skip(1);
        entries.AddRange(OldEntries(logs, ArchivedKind.Log));

        isRunFinished ??= finishedRuns.Contains;
        foreach (var run in Directory.Exists(home.RunsDirectory) ? Directory.EnumerateDirectories(home.RunsDirectory) : [])
        {
            if (isRunFinished(Path.GetFileName(run)))
                entries.AddRange(OldEntries(Files(Path.Combine(run, "tasks"), "*.log"), ArchivedKind.TaskLog));
        }

        return entries;
    }

    private static async Task<CheckpointDocument?> TryDecodeAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return CheckpointCodec.Decode(await File.ReadAllBytesAsync(path, cancellationToken)).Document;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null; // gone since it was listed (retention), or unreadable: not a checkpoint to keep
        }
    }

    /// <summary>The checkpoints the folders' latest.json name: <c>resume --from-checkpoint …/latest.json</c> must still find them.</summary>
    private HashSet<string> NamedByLatest()
    {
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, directory) in store.Directories)
        {
            var latest = Path.Combine(directory, CheckpointFileName.Latest);
            try
            {
                if (File.Exists(latest) && LatestPointer.TryRead(File.ReadAllBytes(latest), out var pointer, out _) && pointer is not null)
                    named.Add(Path.Combine(directory, pointer.Latest));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Unreadable now: it names nothing that could be kept for it.
            }
        }
        return named;
    }

    private static ArchiveEntry Entry(CheckpointInfo checkpoint) =>
        new(checkpoint.Path, $"{FolderName(checkpoint.Location)}/{checkpoint.FileName}", ArchivedKind.Checkpoint, checkpoint.SizeBytes);

    private static string FolderName(CheckpointLocation location) => location == CheckpointLocation.Mirror ? "checkpoints-mirror" : "checkpoints";

    private static IEnumerable<FileInfo> Files(string directory, string pattern) =>
        Directory.Exists(directory) ? new DirectoryInfo(directory).EnumerateFiles(pattern) : [];

    private bool IsOld(FileInfo file) => file.Exists && file.LastWriteTimeUtc < cutoff.UtcDateTime;

    private IEnumerable<ArchiveEntry> OldEntries(IEnumerable<FileInfo> files, ArchivedKind kind) =>
        files.Where(IsOld).Select(f => new ArchiveEntry(f.FullName, Path.GetRelativePath(home.Home, f.FullName).Replace('\\', '/'), kind, f.Length));
}
