using TaskMaster.Core.Checkpoints;
using static TaskMaster.Core.Tests.Checkpoints.CheckpointJsonEdits;

namespace TaskMaster.Core.Tests.Checkpoints;

/// <summary>What a crash or a bad disk does to a file: cut it short, or change a byte. Offsets are seeded, so a failure repeats.</summary>
public sealed class CheckpointCorruptionTests
{
    private static readonly byte[] Encoded = CheckpointCodec.Encode(CheckpointSamples.Running());

    private static readonly byte[] Json = JsonOf(Encoded);

    // The gzip header's time, extra flags and system bytes (RFC 1952): no reader looks at them.
    private static readonly Range UnusedHeaderBytes = 4..10;

    public static TheoryData<int> Seeds => [1, 2, 3];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Decode_FileCutShort_RefusedAsTruncatedSayingHowLongItIs(int seed)
    {
        var random = new Random(seed);
        var lengths = Enumerable.Range(0, 100).Select(_ => random.Next(2, Encoded.Length)).Append(2).Append(17).Append(Encoded.Length - 1);

        foreach (var length in lengths)
        {
            var result = CheckpointCodec.Decode(Encoded.AsSpan(0, length));

            Assert.False(result.IsValid, $"a file cut at byte {length} was accepted");
            Assert.Equal(CheckpointRefusalKind.Truncated, result.Refusal.Kind);
            Assert.Contains($"compressed file ({length} bytes)", result.Refusal.Reason, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Decode_JsonCutShortBeforeTheClosingBrace_RefusedAsTruncatedSayingWhere(int seed)
    {
        var random = new Random(seed);
        var closingBrace = Array.LastIndexOf(Json, (byte)'}');
        var lengths = Enumerable.Range(0, 100).Select(_ => random.Next(1, closingBrace)).Append(1).Append(closingBrace);

        foreach (var length in lengths)
        {
            var result = CheckpointCodec.Decode(Compressed(Json.AsSpan(0, length)));

            Assert.False(result.IsValid, $"JSON cut at byte {length} was accepted");
            Assert.Equal(CheckpointRefusalKind.Truncated, result.Refusal.Kind);
            Assert.Contains($"stops at byte {length} ", result.Refusal.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Decode_FinalNewlineCutOff_RefusedAsChecksumMismatch()
    {
        var result = CheckpointCodec.Decode(Compressed(Json.AsSpan(0, Json.Length - 1)));

        Assert.Equal(CheckpointRefusalKind.ChecksumMismatch, result.Refusal?.Kind);
    }

    // A flipped bit the format does not look at (the gzip header's time and system bytes, the padding
    // after the last compressed block) leaves the document as it was; any other is refused. What is
    // read is never a different document.
    [Theory]
    [MemberData(nameof(Seeds))]
    public void Decode_OneBitFlippedAnywhereInTheFile_RefusedOrReadsExactlyTheSameDocument(int seed)
    {
        var random = new Random(seed);
        var written = CheckpointCodec.Decode(Encoded).Document!.Checksum;
        var refused = 0;
        for (var i = 0; i < 300; i++)
        {
            var corrupted = (byte[])Encoded.Clone();
            var offset = random.Next(corrupted.Length);
            corrupted[offset] ^= (byte)(1 << random.Next(8));

            var result = CheckpointCodec.Decode(corrupted);

            if (result.IsValid) Assert.True(result.Document.Checksum == written, $"a flipped bit at byte {offset} read as another document");
            else refused++;
            if (offset >= UnusedHeaderBytes.Start.Value && offset < UnusedHeaderBytes.End.Value) Assert.True(result.IsValid, $"byte {offset}");
        }
        Assert.InRange(refused, 250, 300);
    }

    [Fact]
    public void Decode_CompressedDataDamaged_RefusedAsCorrupted()
    {
        var corrupted = (byte[])Encoded.Clone();
        corrupted[corrupted.Length / 2] ^= 0xff;

        var result = CheckpointCodec.Decode(corrupted);

        Assert.False(result.IsValid);
        Assert.True(result.Refusal.Kind is CheckpointRefusalKind.CompressedDataDamaged or CheckpointRefusalKind.ChecksumMismatch or CheckpointRefusalKind.NotJson,
            result.Refusal.ToString());
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Decode_OneByteOfTheJsonChangedAnywhere_Refused(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 200; i++)
        {
            var corrupted = (byte[])Json.Clone();
            var offset = random.Next(corrupted.Length);
            corrupted[offset] ^= (byte)random.Next(1, 256);

            var result = CheckpointCodec.Decode(Compressed(corrupted));

            Assert.False(result.IsValid, $"a change at byte {offset} of the JSON was accepted");
            Assert.NotEmpty(result.Refusal.Reason);
        }
    }

    [Fact]
    public void Decode_EveryByteOfTheChecksumChanged_RefusedEachTime()
    {
        var start = Json.AsSpan().LastIndexOf("sha256:"u8);
        for (var offset = start; offset < start + 71; offset++)
        {
            var corrupted = (byte[])Json.Clone();
            corrupted[offset] = corrupted[offset] == (byte)'0' ? (byte)'1' : (byte)'0';

            var result = CheckpointCodec.Decode(Compressed(corrupted));

            Assert.False(result.IsValid, $"a change at byte {offset} of the checksum was accepted");
        }
    }
}
