using System.Threading.Channels;

namespace TaskMaster.Monitor.Feed;

/// <summary>
/// One open feed: a bounded queue of frames its response writes out. When the queue is full the
/// client has fallen behind: its queue is emptied and it is told to resync, so a slow tab costs
/// the run nothing and the client memory stays bounded.
/// </summary>
internal sealed class FeedClient(int capacity)
{
    private readonly Channel<ReadOnlyMemory<byte>> _frames = Channel.CreateBounded<ReadOnlyMemory<byte>>(
        new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = false, SingleWriter = false });
    private readonly Lock _gate = new();
    private int _resyncs;

    public ChannelReader<ReadOnlyMemory<byte>> Frames => _frames.Reader;

    /// <summary>How many times this client was told to resync.</summary>
    public int Resyncs => Volatile.Read(ref _resyncs);

    public void Offer(ReadOnlyMemory<byte> frame)
    {
        lock (_gate)
        {
            if (_frames.Writer.TryWrite(frame)) return;
            while (_frames.Reader.TryRead(out _)) { }
            if (_frames.Writer.TryWrite(SseFrame.Resync)) Interlocked.Increment(ref _resyncs);
        }
    }

    public void Complete() => _frames.Writer.TryComplete();
}
