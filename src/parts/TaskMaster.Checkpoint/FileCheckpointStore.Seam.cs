using TaskMaster.Core.Checkpoints;

namespace TaskMaster.Checkpoint;

// The engine's storage seam over the file store: a primary failure becomes an exception the
// checkpointer reports (as a critical fault); a mirror failure is passed on as a warning.
public sealed partial class FileCheckpointStore : ICheckpointStore
{
    public async Task<CheckpointStored> StoreAsync(EncodedCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        var result = await WriteAsync(checkpoint, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
            throw new IOException(result.Primary.Describe(), result.Primary.Error);
        return new CheckpointStored(
            result.Primary.Path,
            result.Mirror is { Succeeded: true } mirror ? mirror.Path : null,
            result.Mirror is { Succeeded: false } failed ? failed.Describe() : null);
    }

    /// <summary>Reads and verifies one checkpoint file, on the caller's thread (an observer restoring state files on the loop).</summary>
    public CheckpointDocument? Load(string location, out string? problem)
    {
        var (read, _) = CheckpointFileReader.Read(location);
        problem = read.Refusal?.Reason;
        return read.Document;
    }

    /// <summary>Reads and verifies one checkpoint file on a pool thread (a rollback's target, awaited off the scheduler's loop).</summary>
    public Task<CheckpointReadResult> ReadAsync(string location, CancellationToken cancellationToken) =>
        Task.Run(() => CheckpointFileReader.Read(location).Result, cancellationToken);
}
