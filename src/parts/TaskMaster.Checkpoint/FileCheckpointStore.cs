using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Logging;
using TaskMaster.Checkpoint.Storage;
using TaskMaster.Core.Checkpoints;
using TaskMaster.Core.Storage;

namespace TaskMaster.Checkpoint;

/// <summary>
/// Checkpoints as files in a primary and a mirror folder, the same bytes in both. Every write is
/// crash-safe (temporary file, fsync, rename, directory fsync), so a folder only ever holds whole
/// checkpoints and a <c>latest.json</c> naming the newest or the one before; reading verifies every
/// file and falls back past bad ones. Writes are serialized; reads may run beside them.
/// </summary>
public sealed partial class FileCheckpointStore : IDisposable
{
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    /// <exception cref="ValidationException">A setting is out of range; the message names it.</exception>
    /// <exception cref="ArgumentException">The mirror is the primary folder.</exception>
    public FileCheckpointStore(CheckpointStoreOptions options, TimeProvider timeProvider, ILogger<FileCheckpointStore> logger)
    {
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        PrimaryDirectory = Path.GetFullPath(options.PrimaryDirectory);
        MirrorDirectory = options.MirrorDirectory is { } mirror ? Path.GetFullPath(mirror) : null;
        if (MirrorDirectory is not null && Path.TrimEndingDirectorySeparator(MirrorDirectory) == Path.TrimEndingDirectorySeparator(PrimaryDirectory))
            throw new ArgumentException($"{nameof(CheckpointStoreOptions.MirrorDirectory)} must differ from {nameof(CheckpointStoreOptions.PrimaryDirectory)} ({PrimaryDirectory})", nameof(options));
        Retain = options.Retain;
        _time = timeProvider;
        _logger = logger;
    }

    public string PrimaryDirectory { get; }

    public string? MirrorDirectory { get; }

    /// <summary>Checkpoint files kept per folder.</summary>
    public int Retain { get; }

    /// <summary>The configured folders, primary first.</summary>
    public IEnumerable<(CheckpointLocation Location, string Directory)> Directories =>
        MirrorDirectory is null ? [(CheckpointLocation.Primary, PrimaryDirectory)]
            : [(CheckpointLocation.Primary, PrimaryDirectory), (CheckpointLocation.Mirror, MirrorDirectory)];

    /// <summary>Encodes <paramref name="document"/> and writes it as <see cref="WriteAsync(EncodedCheckpoint, CancellationToken)"/> does.</summary>
    /// <exception cref="System.Text.Json.JsonException">The document breaks the model (a bug in its builder).</exception>
    /// <exception cref="OperationCanceledException">Cancelled; no temporary file is left.</exception>
    public Task<CheckpointWriteResult> WriteAsync(CheckpointDocument document, CancellationToken cancellationToken = default) =>
        WriteAsync(CheckpointCodec.Encode(document, new MemoryStream()), cancellationToken);

    /// <summary>
    /// Writes the same bytes to every folder at once: the checkpoint file, then <c>latest.json</c>
    /// naming it, then retention. Folders fail independently and never damage what was there before.
    /// Storage errors are in the result.
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled; no temporary file is left.</exception>
    public async Task<CheckpointWriteResult> WriteAsync(EncodedCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var started = _time.GetTimestamp();
        var fileName = CheckpointFileName.For(checkpoint);
        var pointer = LatestPointer.To(fileName, checkpoint).ToBytes();
        LocationWriteResult[] results;
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            results = await Task.WhenAll(Directories.Select(d => WriteToAsync(d.Location, d.Directory, fileName, checkpoint.Bytes, pointer, cancellationToken)));
        }
        finally
        {
            _writeLock.Release();
        }

        var result = new CheckpointWriteResult(fileName, checkpoint.Bytes.Length, results[0], results.Length > 1 ? results[1] : null, _time.GetElapsedTime(started));
        if (result.Succeeded) _logger.Written(fileName, checkpoint.Bytes.Length, result.Duration);
        return result;
    }

    /// <summary>
    /// Deletes the temporary files a crash left between write and rename, in both folders. Call it
    /// at start, before this process writes: a write in progress has one too.
    /// </summary>
    /// <returns>The files removed.</returns>
    public IReadOnlyList<string> CleanStrayTempFiles()
    {
        var removed = new List<string>();
        foreach (var (_, directory) in Directories)
        {
            foreach (var path in CheckpointDirectory.StrayTempFiles(directory).ToList())
            {
                if (!FileRemoval.TryDelete(path, _logger)) continue;
                _logger.StrayTempRemoved(path);
                removed.Add(path);
            }
        }

        return removed;
    }

    public void Dispose() => _writeLock.Dispose();

    private async Task<LocationWriteResult> WriteToAsync(
        CheckpointLocation location, string directory, string fileName, ReadOnlyMemory<byte> bytes, byte[] pointer, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, fileName);
        Exception? latestFailed = null;
        try
        {
            PrivateFiles.CreateDirectory(directory);
            await AtomicFile.WriteUnsyncedRenameAsync(directory, fileName, bytes, cancellationToken);
            try
            {
                await AtomicFile.WriteUnsyncedRenameAsync(directory, CheckpointFileName.Latest, pointer, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                latestFailed = ex;
            }
            // One directory sync makes both renames durable: every sync is a file-system commit the
            // journal's own fsync may have to wait for.
            DirectorySync.Flush(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Failed(new LocationWriteResult(location, path, CheckpointWritten: false, ex));
        }

        Prune(location, directory, fileName);
        return latestFailed is null ? new LocationWriteResult(location, path, CheckpointWritten: true, Error: null)
            : Failed(new LocationWriteResult(location, path, CheckpointWritten: true, latestFailed));
    }

    private LocationWriteResult Failed(LocationWriteResult failed)
    {
        if (failed.Location == CheckpointLocation.Primary) _logger.PrimaryFailed(failed.Error!, failed.Location, failed.Describe());
        else _logger.MirrorFailed(failed.Error!, failed.Location, failed.Describe());
        return failed;
    }

    /// <summary>Keeps the newest <see cref="Retain"/> files; never the one just written (its clock may lag) nor latest.json.</summary>
    private void Prune(CheckpointLocation location, string directory, string justWritten)
    {
        try
        {
            foreach (var old in CheckpointDirectory.Scan(directory, location).Skip(Retain))
            {
                if (old.FileName != justWritten) FileRemoval.TryDelete(old.Path, _logger);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Housekeeping: the checkpoint is durable; a folder that cannot be listed now is pruned next time.
            _logger.DeleteFailed(directory, ex.Message);
        }
    }
}
