using System.Threading.Channels;

namespace TaskMaster.Monitor.Feed;

/// <summary>
/// One open feed: a bounded queue of frames its response writes out. When the queue is full the
/// client has fallen behind: its queue is emptied and it is told to resync, so a slow tab costs
/// the run nothing and the client memory stays bounded. The frame that found the queue full follows
/// the resync, so that the last thing a client is sent is always the newest. Every frame queued is
/// held (<see cref="FeedFrame.Hold"/>) until it is written or dropped.
/// </summary>
internal sealed class FeedClient(int capacity)
{
    private readonly Channel<FeedFrame> _frames = Channel.CreateBounded<FeedFrame>(
        new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = false, SingleWriter = false });
    private readonly Lock _gate = new();
    private bool _completed;
    private int _resyncs;

    /// <summary>What to write, in order; release each frame once written.</summary>
    public ChannelReader<FeedFrame> Frames => _frames.Reader;

    /// <summary>How many times this client was told to resync.</summary>
    public int Resyncs => Volatile.Read(ref _resyncs);

    public void Offer(FeedFrame frame)
    {
        lock (_gate)
        {
            if (_completed) return;
            frame.Hold();
            if (_frames.Writer.TryWrite(frame)) return;
            while (_frames.Reader.TryRead(out var dropped)) dropped.Release();
            _frames.Writer.TryWrite(SseFrame.Resync);
            Interlocked.Increment(ref _resyncs);
            // The newest frame still goes: after reloading, the client applies what is newer than what it loaded.
            _frames.Writer.TryWrite(frame);
        }
    }

    /// <summary>Nothing more is queued; what is queued is still written.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            _frames.Writer.TryComplete();
        }
    }

    /// <summary>The client has gone: nothing more is queued, and what was is released unwritten.</summary>
    public void Close()
    {
        Complete();
        while (_frames.Reader.TryRead(out var frame)) frame.Release();
    }
}
