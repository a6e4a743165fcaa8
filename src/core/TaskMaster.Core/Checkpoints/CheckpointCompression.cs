using System.Buffers.Binary;
using System.IO.Compression;

namespace TaskMaster.Core.Checkpoints;

/// <summary>
/// The container of format 2 files: one gzip member (RFC 1952) around the JSON, at zlib's fastest
/// level, which shrinks a 100k-task table's JSON 3 to 5 times (docs/benchmarks-durability.md).
/// Any gzip tool reads it: <c>zcat FILE</c>. The checksum inside covers the JSON, so a file
/// re-compressed by hand still verifies.
/// </summary>
internal static class CheckpointCompression
{
    // What a person may still want to open, not a limit on runs: 20 times a million-task table.
    private const long MaxJsonBytes = 1L << 30;

    // A gzip member's header and trailer alone.
    private const int ShortestFile = 18;

    // How much room to reserve per compressed byte: checkpoints shrink 3 to 5 times; past this the output grows as it fills.
    private const long ReservedExpansion = 16;

    public static bool IsCompressed(ReadOnlySpan<byte> bytes) => bytes.Length >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b;

    public static GZipStream Compressor(Stream file) => new(file, CompressionLevel.Fastest, leaveOpen: true);

    /// <summary>The JSON inside <paramref name="file"/>, or why it cannot be had.</summary>
    public static ReadOnlyMemory<byte>? Decompress(ReadOnlySpan<byte> file, out CheckpointRefusal? refusal)
    {
        refusal = null;
        if (file.Length < ShortestFile)
        {
            refusal = new(CheckpointRefusalKind.Truncated, $"truncated: the compressed file ({file.Length} bytes) is shorter than any whole gzip file");
            return null;
        }
        // The trailer's last four bytes are the JSON's length (mod 2^32). The runtime stops quietly
        // where a cut-short file ends, so the length is what tells a whole file from a cut one.
        var recorded = BinaryPrimitives.ReadUInt32LittleEndian(file[^4..]);
        ReadOnlyMemory<byte> json;
        try
        {
            using var input = new MemoryStream(file.ToArray(), writable: false);
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            // The recorded length comes from an unverified trailer: a damaged or hostile file must not make
            // a few kilobytes reserve 64 MiB, so the room reserved follows the file's own size too.
            using var output = new MemoryStream(capacity: (int)Math.Min(Math.Min(recorded, file.Length * ReservedExpansion), 64L << 20));
            var chunk = new byte[64 * 1024];
            int read;
            while ((read = gzip.Read(chunk)) > 0)
            {
                if (output.Length + read > MaxJsonBytes)
                {
                    refusal = new(CheckpointRefusalKind.TooLarge, $"too large: the file decompresses to more than {MaxJsonBytes >> 20} MiB");
                    return null;
                }
                output.Write(chunk, 0, read);
            }
            json = output.GetBuffer().AsMemory(0, (int)output.Length);
        }
        catch (InvalidDataException ex)
        {
            refusal = new(CheckpointRefusalKind.CompressedDataDamaged,
                $"corrupted: the compressed data does not decompress ({ex.Message}); the file was damaged after it was written");
            return null;
        }

        if ((uint)json.Length != recorded)
        {
            refusal = new(CheckpointRefusalKind.Truncated,
                $"truncated: the compressed file ({file.Length} bytes) stops before its end: it decompresses to {json.Length} bytes " +
                "and lacks the gzip trailer that records the length");
            return null;
        }
        return json;
    }
}
