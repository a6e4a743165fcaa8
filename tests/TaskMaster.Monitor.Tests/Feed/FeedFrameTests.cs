using System.Text;
using TaskMaster.Monitor.Feed;

namespace TaskMaster.Monitor.Tests.Feed;

public sealed class FeedFrameTests
{
    private static FeedFrame RentedFrame(string text)
    {
        using var buffer = new FrameBuffer(4);
        buffer.Write(Encoding.UTF8.GetBytes(text));
        return buffer.ToFrame();
    }

    [Fact]
    public void ToFrame_AfterTheBufferGrew_HoldsEverythingWritten()
    {
        using var buffer = new FrameBuffer(16);
        var text = string.Concat(Enumerable.Range(0, 1000).Select(i => $"{i},"));
        foreach (var part in text.Chunk(7)) buffer.Write(Encoding.UTF8.GetBytes(part));

        Assert.Equal(text, Encoding.UTF8.GetString(buffer.ToFrame().Bytes.Span));
    }

    [Fact]
    public void Release_ByThePublisherAndEveryClientQueue_ReturnsTheArrayOnlyAfterTheLast()
    {
        var frame = RentedFrame("event: update\ndata: {}\n\n");
        var written = new FeedClient(capacity: 4);
        var dropped = new FeedClient(capacity: 4);
        written.Offer(frame);
        dropped.Offer(frame);
        frame.Release(); // the publisher's own hold

        Assert.True(written.Frames.TryRead(out var taken));
        taken.Release();
        Assert.False(frame.IsReturned);

        dropped.Close();

        Assert.True(frame.IsReturned);
    }

    [Fact]
    public void Offer_AFullQueue_ReleasesTheFramesItDrops()
    {
        var client = new FeedClient(capacity: 2);
        var frames = Enumerable.Range(0, 3).Select(i => RentedFrame($"frame {i}")).ToList();

        foreach (var frame in frames)
        {
            client.Offer(frame);
            frame.Release();
        }

        Assert.True(frames[0].IsReturned);
        Assert.True(frames[1].IsReturned);
        Assert.False(frames[2].IsReturned);
        Assert.Equal(1, client.Resyncs);
    }

    [Fact]
    public void Offer_AfterTheClientCompleted_QueuesNothing()
    {
        var client = new FeedClient(capacity: 2);
        client.Complete();
        var frame = RentedFrame("late");

        client.Offer(frame);
        frame.Release();

        Assert.True(frame.IsReturned);
        Assert.False(client.Frames.TryRead(out _));
    }
}
