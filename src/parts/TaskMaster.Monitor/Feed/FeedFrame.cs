using System.Buffers;

namespace TaskMaster.Monitor.Feed;

/// <summary>
/// One SSE frame, written once and queued for every client. A large update lives in an array
/// rented from the pool, given back when the last client holding it has written or dropped it:
/// under a flood of changes updates are megabytes each, and a fresh array per update would
/// churn the large-object heap and stop the scheduler's loop for collections.
/// </summary>
internal sealed class FeedFrame
{
    private byte[]? _rented;
    // The publisher's own hold, until it has offered the frame to every client, and one per client queue holding it.
    private int _holders = 1;

    private FeedFrame(ReadOnlyMemory<byte> bytes, byte[]? rented) => (Bytes, _rented) = (bytes, rented);

    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>A frame in memory of its own (the garbage collector's).</summary>
    public static FeedFrame Of(ReadOnlyMemory<byte> bytes) => new(bytes, null);

    /// <summary>A frame in <paramref name="rented"/>, from <see cref="ArrayPool{T}.Shared"/>, returned there once released by every holder.</summary>
    public static FeedFrame Rented(byte[] rented, int length) => new(rented.AsMemory(0, length), rented);

    /// <summary>A rented frame whose array has gone back to the pool (every holder released it).</summary>
    public bool IsReturned => Volatile.Read(ref _holders) <= 0 && Volatile.Read(ref _rented) is null;

    public void Hold() => Interlocked.Increment(ref _holders);

    public void Release()
    {
        if (Interlocked.Decrement(ref _holders) == 0 && Interlocked.Exchange(ref _rented, null) is { } array)
            ArrayPool<byte>.Shared.Return(array);
    }
}
