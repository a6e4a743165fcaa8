using TaskMaster.Core.Checkpoints;

namespace TaskMaster.Core.Tests.Checkpoints;

/// <summary>What a crash or a bad disk does to a file: cut it short, or change a byte. Offsets are seeded, so a failure repeats.</summary>
public sealed class CheckpointCorruptionTests
{
    private static readonly byte[] Encoded = CheckpointCodec.Encode(CheckpointSamples.Running());

    public static TheoryData<int> Seeds => [1, 2, 3];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Decode_CutShortBeforeTheClosingBrace_RefusedAsTruncatedSayingWhere(int seed)
    {
        var random = new Random(seed);
        var closingBrace = Array.LastIndexOf(Encoded, (byte)'}');
        var lengths = Enumerable.Range(0, 100).Select(_ => random.Next(0, closingBrace)).Append(0).Append(1).Append(closingBrace);

        foreach (var length in lengths)
        {
            var result = CheckpointCodec.Decode(Encoded.AsSpan(0, length));

            Assert.False(result.IsValid, $"a file cut at byte {length} was accepted");
            Assert.Equal(CheckpointRefusalKind.Truncated, result.Refusal.Kind);
            if (length > 0) Assert.Contains($"stops at byte {length} ", result.Refusal.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Decode_FinalNewlineCutOff_RefusedAsChecksumMismatch()
    {
        var result = CheckpointCodec.Decode(Encoded.AsSpan(0, Encoded.Length - 1));

        Assert.Equal(CheckpointRefusalKind.ChecksumMismatch, result.Refusal?.Kind);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Decode_OneByteChangedAnywhere_Refused(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 200; i++)
        {
            var corrupted = (byte[])Encoded.Clone();
            var offset = random.Next(corrupted.Length);
            corrupted[offset] ^= (byte)random.Next(1, 256);

            var result = CheckpointCodec.Decode(corrupted);

            Assert.False(result.IsValid, $"a change at byte {offset} was accepted");
            Assert.NotEmpty(result.Refusal.Reason);
        }
    }

    [Fact]
    public void Decode_EveryByteOfTheChecksumChanged_RefusedEachTime()
    {
        var start = Encoded.AsSpan().LastIndexOf("sha256:"u8);
        for (var offset = start; offset < start + 71; offset++)
        {
            var corrupted = (byte[])Encoded.Clone();
            corrupted[offset] = corrupted[offset] == (byte)'0' ? (byte)'1' : (byte)'0';

            var result = CheckpointCodec.Decode(corrupted);

            Assert.False(result.IsValid, $"a change at byte {offset} of the checksum was accepted");
        }
    }
}
