using TaskMaster.Core.Checkpoints;

namespace TaskMaster.Checkpoint;

public sealed partial class FileCheckpointStore
{
    /// <summary>Every checkpoint file in both folders, newest first (by name; not verified). latest.json is not listed.</summary>
    /// <remarks>A folder that cannot be listed is logged and left out.</remarks>
    public IReadOnlyList<CheckpointInfo> List() => List(unreadable: null);

    /// <summary>
    /// The newest checkpoint that verifies and passes <paramref name="extraCheck"/> (which returns
    /// null to accept, or the reason to refuse). Both folders are tried together, newest first, the
    /// primary's copy before the mirror's: a corrupted newest primary file falls back to the
    /// mirror's copy of it before an older checkpoint, so as little journal as possible is replayed.
    /// </summary>
    public Task<CheckpointLoadResult> LoadNewestValidAsync(Func<CheckpointDocument, string?>? extraCheck = null, CancellationToken cancellationToken = default) =>
        LoadNewestValidAsync(_ => true, extraCheck, cancellationToken);

    /// <summary>
    /// The same, among the checkpoints of one run only (as their file names say): the other runs'
    /// files are neither read nor refused, so a home with many runs costs what this run's files cost.
    /// </summary>
    public Task<CheckpointLoadResult> LoadNewestValidOfRunAsync(string runId, Func<CheckpointDocument, string?>? extraCheck = null, CancellationToken cancellationToken = default)
    {
        var named = CheckpointFileName.SafeRunId(runId);
        return LoadNewestValidAsync(c => c.RunId == named, extraCheck, cancellationToken);
    }

    private async Task<CheckpointLoadResult> LoadNewestValidAsync(
        Func<CheckpointInfo, bool> candidates, Func<CheckpointDocument, string?>? extraCheck, CancellationToken cancellationToken)
    {
        var refused = new List<RefusedCheckpoint>();
        foreach (var candidate in List(unreadable: refused).Where(candidates))
        {
            var (result, _) = await ReadAsync(candidate.Path, extraCheck, cancellationToken);
            if (result.IsValid) return CheckpointLoadResult.Loaded(result.Document, candidate.Path, candidate.Location, refused);
            refused.Add(new RefusedCheckpoint(candidate.Path, result.Refusal));
        }

        return CheckpointLoadResult.NotFound(refused);
    }

    /// <summary>
    /// One named file (<c>--from-checkpoint</c>), verified the same way. For a <c>latest.json</c>
    /// pointer, the result is the file it names (its path is that file's).
    /// </summary>
    public async Task<CheckpointLoadResult> LoadAsync(string path, Func<CheckpointDocument, string?>? extraCheck = null, CancellationToken cancellationToken = default)
    {
        var fullPath = Path.GetFullPath(path);
        var (result, readFrom) = await ReadAsync(fullPath, extraCheck, cancellationToken);
        return result.IsValid
            ? CheckpointLoadResult.Loaded(result.Document, readFrom, LocationOf(readFrom), [])
            : CheckpointLoadResult.NotFound([new RefusedCheckpoint(fullPath, result.Refusal)]);
    }

    /// <summary>Both folders merged, newest first; a folder that cannot be listed goes to <paramref name="unreadable"/>.</summary>
    private List<CheckpointInfo> List(List<RefusedCheckpoint>? unreadable)
    {
        var all = new List<CheckpointInfo>();
        foreach (var (location, directory) in Directories)
        {
            try
            {
                all.AddRange(CheckpointDirectory.Scan(directory, location));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                var refusal = new CheckpointRefusal(CheckpointRefusalKind.Unreadable, $"folder unreadable: {ex.Message}");
                _logger.Refused(directory, refusal.Reason);
                unreadable?.Add(new RefusedCheckpoint(directory, refusal));
            }
        }

        all.Sort(CheckpointDirectory.NewestFirst);
        return all;
    }

    private async Task<(CheckpointReadResult Result, string Path)> ReadAsync(
        string path, Func<CheckpointDocument, string?>? extraCheck, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // Off the caller's thread: a 100k-task checkpoint takes a few tens of milliseconds to verify and read.
        var (result, readFrom) = await Task.Run(() => CheckpointFileReader.Read(path), cancellationToken);
        if (!result.IsValid) return (Refuse(path, result.Refusal), readFrom);
        return extraCheck?.Invoke(result.Document) is { } reason ? (Refuse(path, new(CheckpointRefusalKind.Rejected, reason)), readFrom) : (result, readFrom);
    }

    private CheckpointReadResult Refuse(string path, CheckpointRefusal refusal)
    {
        _logger.Refused(path, refusal.Reason);
        return CheckpointReadResult.Refused(refusal);
    }

    private CheckpointLocation? LocationOf(string fullPath) =>
        Directories.Where(d => Path.GetDirectoryName(fullPath) == Path.TrimEndingDirectorySeparator(d.Directory))
            .Select(d => (CheckpointLocation?)d.Location).FirstOrDefault();
}
