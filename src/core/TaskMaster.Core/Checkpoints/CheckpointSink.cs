using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace TaskMaster.Core.Checkpoints;

/// <summary>
/// Where a checkpoint's JSON goes as it is written: through SHA-256 into the compressor, 64 KiB at a
/// time, so the document never exists whole in memory. <see cref="Finish"/> appends the checksum as
/// the last property, hashed by the rule of every format: the JSON's bytes with the checksum's value
/// left empty (<see cref="CheckpointChecksum"/>).
/// </summary>
internal sealed class CheckpointSink(Stream compressor) : IBufferWriter<byte>, IDisposable
{
    private const int ChunkBytes = 64 * 1024;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private byte[] _chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
    private int _pending;

    /// <summary>The JSON's length so far.</summary>
    public long Length { get; private set; }

    public void Advance(int count) => _pending += count;

    public Memory<byte> GetMemory(int sizeHint = 0) => _chunk.AsMemory(Reserve(sizeHint));

    public Span<byte> GetSpan(int sizeHint = 0) => _chunk.AsSpan(Reserve(sizeHint));

    /// <summary>Closes the root object with <c>,"checksum":"sha256:…"}</c> and a final newline; returns the checksum.</summary>
    public string Finish()
    {
        Pass(",\"checksum\":\""u8);
        Drain();
        var suffix = "\"}\n"u8;
        _hash.AppendData(suffix);
        var checksum = CheckpointChecksum.Prefix + Convert.ToHexStringLower(_hash.GetHashAndReset());
        var value = Encoding.ASCII.GetBytes(checksum);
        compressor.Write(value);
        compressor.Write(suffix);
        Length += value.Length + suffix.Length;
        return checksum;
    }

    public void Dispose()
    {
        _hash.Dispose();
        ArrayPool<byte>.Shared.Return(_chunk);
        _chunk = [];
    }

    private int Reserve(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (_chunk.Length - _pending >= needed) return _pending;
        Drain();
        if (_chunk.Length < needed)
        {
            // A value larger than a chunk (a saved state file): one larger chunk for it.
            ArrayPool<byte>.Shared.Return(_chunk);
            _chunk = ArrayPool<byte>.Shared.Rent(needed);
        }
        return 0;
    }

    private void Pass(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        Advance(bytes.Length);
    }

    private void Drain()
    {
        if (_pending == 0) return;
        var bytes = _chunk.AsSpan(0, _pending);
        _hash.AppendData(bytes);
        compressor.Write(bytes);
        Length += _pending;
        _pending = 0;
    }
}
