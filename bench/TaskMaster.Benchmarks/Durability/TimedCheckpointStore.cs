using System.Diagnostics;
using TaskMaster.Core.Checkpoints;

namespace TaskMaster.Benchmarks.Durability;

/// <summary>One checkpoint as the benchmark saw it.</summary>
/// <param name="Reason">Why it was taken (start, interval, shutdown…).</param>
/// <param name="Bytes">The size of the file written (0 when writes are discarded).</param>
/// <param name="JsonBytes">The size of the JSON inside it.</param>
/// <param name="Build">From the checkpointer starting it to the encoded file being handed to the store: streaming the fold into compressed JSON, checksum included.</param>
/// <param name="Store">The crash-safe writes to both folders (temporary file, fsync, rename, directory fsync; then latest.json the same way).</param>
/// <param name="StartedAt">When the checkpointer started it (a <see cref="Stopwatch"/> timestamp).</param>
/// <param name="StoreStartedAt">When the store was handed the encoded file.</param>
/// <param name="EndedAt">When the store returned.</param>
internal sealed record CheckpointWrite(string Reason, long Bytes, long JsonBytes, TimeSpan Build, TimeSpan Store, long StartedAt, long StoreStartedAt, long EndedAt)
{
    public TimeSpan Total => Build + Store;
}

/// <summary>
/// Wraps the real store and times every checkpoint. The checkpoint's timestamp is taken by the
/// checkpointer just before it encodes, so the time from it to <see cref="StoreAsync"/> is the
/// encoding. Called only by the checkpointer, one checkpoint at a time.
/// </summary>
internal sealed class TimedCheckpointStore(ICheckpointStore inner, bool discard = false) : ICheckpointStore
{
    private readonly List<CheckpointWrite> _writes = [];

    /// <summary>Read once the checkpointer has been disposed.</summary>
    public IReadOnlyList<CheckpointWrite> Writes => _writes;

    public async Task<CheckpointStored> StoreAsync(EncodedCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        var entered = Stopwatch.GetTimestamp();
        var build = TimeProvider.System.GetUtcNow() - checkpoint.Timestamp;
        var stored = await inner.StoreAsync(checkpoint, cancellationToken);
        var ended = Stopwatch.GetTimestamp();
        var startedAt = entered - (long)(build.TotalSeconds * Stopwatch.Frequency);
        _writes.Add(new CheckpointWrite(checkpoint.Reason, discard ? 0 : checkpoint.Bytes.Length, checkpoint.JsonBytes, build,
            Stopwatch.GetElapsedTime(entered, ended), startedAt, entered, ended));
        return stored;
    }
}

/// <summary>Accepts every checkpoint and writes nothing: what is left is the checkpointer's own fold and the encoding of its checkpoints.</summary>
internal sealed class DiscardingCheckpointStore : ICheckpointStore
{
    public Task<CheckpointStored> StoreAsync(EncodedCheckpoint checkpoint, CancellationToken cancellationToken) =>
        Task.FromResult(new CheckpointStored("(discarded)", null));
}
