using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace TaskMaster.Core.Checkpoints;

/// <summary>
/// The checksum rule, the same in every format version: <c>sha256:</c> and the lowercase hex SHA-256
/// of the file's exact bytes with the checksum's value left empty (<c>"checksum": ""</c>). It is
/// spliced in as text, so a reader verifies the bytes it read without serializing anything again.
/// </summary>
internal static class CheckpointChecksum
{
    public const string Prefix = "sha256:";

    private const int HexDigits = 64;

    private static readonly SearchValues<byte> LowerHex = SearchValues.Create("0123456789abcdef"u8);

    /// <summary>The checksum of <paramref name="bytes"/> with the bytes of <paramref name="value"/> left out.</summary>
    public static string Compute(ReadOnlySpan<byte> bytes, Range value)
    {
        var (offset, length) = value.GetOffsetAndLength(bytes.Length);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(bytes[..offset]);
        hash.AppendData(bytes[(offset + length)..]);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        hash.GetHashAndReset(digest);
        return Prefix + Convert.ToHexStringLower(digest);
    }

    /// <summary>Fills in the empty top-level checksum of <paramref name="unsigned"/>.</summary>
    /// <exception cref="InvalidOperationException">The JSON has no single, empty top-level checksum.</exception>
    public static byte[] Sign(ReadOnlySpan<byte> unsigned)
    {
        var problem = CheckpointLayoutScanner.Scan(unsigned, out var layout);
        if (problem is not null || layout.ChecksumProperties != 1 || layout.ChecksumValue is not { } value
            || value.GetOffsetAndLength(unsigned.Length).Length != 0)
        {
            throw new InvalidOperationException($"cannot sign a checkpoint without one empty top-level checksum ({problem?.Reason ?? "checksum not empty"})");
        }

        var offset = value.GetOffsetAndLength(unsigned.Length).Offset;
        var checksum = Encoding.ASCII.GetBytes(Compute(unsigned, value));
        var signed = new byte[unsigned.Length + checksum.Length];
        unsigned[..offset].CopyTo(signed);
        checksum.CopyTo(signed.AsSpan(offset));
        unsigned[offset..].CopyTo(signed.AsSpan(offset + checksum.Length));
        return signed;
    }

    /// <summary>Null when the recorded checksum matches the bytes; otherwise what is wrong, with both values.</summary>
    public static CheckpointRefusal? Verify(ReadOnlySpan<byte> bytes, CheckpointLayout layout)
    {
        if (layout.ChecksumProperties == 0)
            return new(CheckpointRefusalKind.MissingChecksum, "missing checksum: the file has no top-level \"checksum\"");
        if (layout.ChecksumProperties > 1)
            return new(CheckpointRefusalKind.MalformedChecksum, $"malformed checksum: the file has {layout.ChecksumProperties} top-level \"checksum\" properties");
        if (layout.ChecksumValue is not { } value)
            return new(CheckpointRefusalKind.MalformedChecksum, "malformed checksum: it is not a string");

        var recorded = bytes[value];
        if (!IsWellFormed(recorded))
        {
            return new(CheckpointRefusalKind.MalformedChecksum,
                $"malformed checksum: \"{Show(recorded)}\" is not {Prefix} followed by {HexDigits} lowercase hex digits");
        }

        var actual = Compute(bytes, value);
        return recorded.SequenceEqual(Encoding.ASCII.GetBytes(actual)) ? null
            : new(CheckpointRefusalKind.ChecksumMismatch,
                $"checksum mismatch: the file records {Encoding.ASCII.GetString(recorded)} but its content hashes to {actual}; " +
                "it was corrupted or changed after it was written");
    }

    private static bool IsWellFormed(ReadOnlySpan<byte> recorded) =>
        recorded.Length == Prefix.Length + HexDigits
        && recorded.StartsWith("sha256:"u8)
        && !recorded[Prefix.Length..].ContainsAnyExcept(LowerHex);

    private static string Show(ReadOnlySpan<byte> recorded)
    {
        const int Shown = 80;
        var text = Encoding.UTF8.GetString(recorded[..Math.Min(recorded.Length, Shown)]);
        return recorded.Length > Shown ? text + "…" : text;
    }
}
