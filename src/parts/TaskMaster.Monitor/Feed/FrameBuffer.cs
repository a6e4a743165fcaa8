using System.Buffers;

namespace TaskMaster.Monitor.Feed;

/// <summary>
/// Where one frame is written: an array rented from the pool that grows by renting a larger one,
/// then handed over whole as a <see cref="FeedFrame"/> (no copy of what was written).
/// </summary>
internal sealed class FrameBuffer(int sizeHint) : IBufferWriter<byte>, IDisposable
{
    private byte[]? _array = ArrayPool<byte>.Shared.Rent(Math.Max(256, sizeHint));
    private int _written;

    public void Advance(int count) => _written += count;

    public Memory<byte> GetMemory(int sizeHint = 0) => Reserve(sizeHint).AsMemory(_written);

    public Span<byte> GetSpan(int sizeHint = 0) => Reserve(sizeHint).AsSpan(_written);

    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        Advance(bytes.Length);
    }

    /// <summary>The frame written; this buffer is empty after it.</summary>
    public FeedFrame ToFrame()
    {
        var array = _array ?? throw new ObjectDisposedException(nameof(FrameBuffer));
        _array = null;
        return FeedFrame.Rented(array, _written);
    }

    public void Dispose()
    {
        if (_array is { } array) ArrayPool<byte>.Shared.Return(array);
        _array = null;
    }

    private byte[] Reserve(int sizeHint)
    {
        var array = _array ?? throw new ObjectDisposedException(nameof(FrameBuffer));
        if (array.Length - _written >= Math.Max(1, sizeHint)) return array;
        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(array.Length * 2, _written + Math.Max(sizeHint, 256)));
        array.AsSpan(0, _written).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(array);
        return _array = larger;
    }
}
