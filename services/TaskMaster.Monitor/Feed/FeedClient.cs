using System.Threading.Channels;

namespace TaskMaster.Monitor.Feed;

/// <summary>
/// One open feed: a bounded queue of frames its response writes out. When the queue is full the
/// client has fallen behind: its queue is emptied and it is told to resync, so a slow tab costs
/// the run nothing and the client memory stays bounded. The frame that found the queue full follows
/// the resync, so that the last thing a client is sent is always the newest.
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
            if (!_frames.Writer.TryWrite(SseFrame.Resync)) return; // completed
            Interlocked.Increment(ref _resyncs);
            // The newest frame still goes: after reloading, the client applies what is newer than what it loaded.
            _frames.Writer.TryWrite(frame);
        }
    }

    public void Complete() => _frames.Writer.TryComplete();
}
