using TaskMaster.Core.Checkpoints;

namespace TaskMaster.Checkpoint.Tests.Support;

/// <summary>
/// A store that keeps a copy of every file it is given (the checkpointer reuses its buffer) and
/// notes how many stores were ever in progress at once. Each store yields before it completes, so
/// a second one started meanwhile would overlap it.
/// </summary>
internal sealed class RecordingCheckpointStore : ICheckpointStore
{
    private int _inProgress;

    public List<byte[]> Files { get; } = [];

    public int MostAtOnce { get; private set; }

    public async Task<CheckpointStored> StoreAsync(EncodedCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        var now = Interlocked.Increment(ref _inProgress);
        lock (Files)
        {
            MostAtOnce = Math.Max(MostAtOnce, now);
            Files.Add(checkpoint.Bytes.ToArray());
        }
        await Task.Yield();
        Interlocked.Decrement(ref _inProgress);
        return new CheckpointStored($"memory://{checkpoint.Sequence}", null);
    }
}
