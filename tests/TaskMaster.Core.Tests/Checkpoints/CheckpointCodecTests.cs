using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TaskMaster.Core.Checkpoints;
using static TaskMaster.Core.Tests.Checkpoints.CheckpointJsonEdits;

namespace TaskMaster.Core.Tests.Checkpoints;

public sealed class CheckpointCodecTests
{
    [Fact]
    public void Decode_EncodedDocument_RoundTripsEveryField()
    {
        var original = CheckpointSamples.Running();

        var result = CheckpointCodec.Decode(CheckpointCodec.Encode(original));

        Assert.True(result.IsValid, result.ToString());
        Assert.Equivalent(original with { Checksum = result.Document.Checksum }, result.Document, strict: true);
    }

    [Fact]
    public void Encode_Document_IsIndentedSnakeCaseWithChecksumLast()
    {
        var bytes = CheckpointCodec.Encode(CheckpointSamples.Running());

        var text = Encoding.UTF8.GetString(bytes);
        using var json = JsonDocument.Parse(bytes);
        Assert.StartsWith("{\n  \"format_version\": 1,\n  \"sequence\": 3,", text, StringComparison.Ordinal);
        Assert.Contains("\"execution_state\": {", text, StringComparison.Ordinal);
        Assert.Equal("checksum", json.RootElement.EnumerateObject().Last().Name);
        Assert.EndsWith("\"\n}\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_Document_ChecksumIsSha256OfTheBytesWithTheValueEmpty()
    {
        var text = Encoding.UTF8.GetString(CheckpointCodec.Encode(CheckpointSamples.Running()));

        var recorded = JsonDocument.Parse(text).RootElement.GetProperty("checksum").GetString()!;
        var unsigned = text.Replace($"\"checksum\": \"{recorded}\"", "\"checksum\": \"\"", StringComparison.Ordinal);
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(unsigned))), recorded);
    }

    [Fact]
    public void Encode_TextWithQuotesAndUnicode_StaysReadable()
    {
        var text = Encoding.UTF8.GetString(CheckpointCodec.Encode(CheckpointSamples.Running()));

        Assert.Contains("\"45% of O(√n)\"", text, StringComparison.Ordinal);
        Assert.Contains("\\\"quoted\\\" <tag> ünïcode", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_NaNMetric_RoundTrips()
    {
        var original = CheckpointSamples.Running() with
        {
            SystemMetrics = CheckpointSamples.Running().SystemMetrics with { ExecutionEfficiency = double.NaN },
        };

        var result = CheckpointCodec.Decode(CheckpointCodec.Encode(original));

        Assert.True(result.IsValid, result.ToString());
        Assert.True(double.IsNaN(result.Document.SystemMetrics.ExecutionEfficiency));
    }

    [Fact]
    public void Decode_ContentChangedAfterSigning_RefusedWithRecordedAndActualChecksums()
    {
        var text = Encoding.UTF8.GetString(CheckpointCodec.Encode(CheckpointSamples.Running()));
        var tampered = text.Replace("\"completed_tasks\": [\n      \"setup\"", "\"completed_tasks\": [\n      \"build\"", StringComparison.Ordinal);

        var result = CheckpointCodec.Decode(Encoding.UTF8.GetBytes(tampered));

        Assert.Equal(CheckpointRefusalKind.ChecksumMismatch, result.Refusal?.Kind);
        var recorded = JsonDocument.Parse(text).RootElement.GetProperty("checksum").GetString()!;
        Assert.Contains($"records {recorded} but its content hashes to sha256:", result.Refusal!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_NoChecksum_RefusedAsMissing()
    {
        var json = ToJson(CheckpointSamples.Running());
        json.Remove("checksum");

        var result = CheckpointCodec.Decode(Encoding.UTF8.GetBytes(json.ToJsonString()));

        Assert.Equal(CheckpointRefusalKind.MissingChecksum, result.Refusal?.Kind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("md5:0123")]
    [InlineData("sha256:ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789")]
    public void Decode_ChecksumNotSha256Hex_RefusedAsMalformed(string checksum)
    {
        var json = ToJson(CheckpointSamples.Running());
        json["checksum"] = checksum;

        var result = CheckpointCodec.Decode(Encoding.UTF8.GetBytes(json.ToJsonString()));

        Assert.Equal(CheckpointRefusalKind.MalformedChecksum, result.Refusal?.Kind);
    }

    [Fact]
    public void Decode_NewerFormatVersion_RefusedNamingBothVersions()
    {
        var bytes = SignedSample(json => json["format_version"] = 7);

        var result = CheckpointCodec.Decode(bytes);

        Assert.Equal(CheckpointRefusalKind.NewerFormat, result.Refusal?.Kind);
        Assert.Equal("checkpoint format 7 is newer than this program's 1; upgrade task-master", result.Refusal!.Reason);
    }

    [Fact]
    public void Decode_FormatVersionBelowOldestReadable_RefusedAsUnsupported()
    {
        var result = CheckpointCodec.Decode(SignedSample(json => json["format_version"] = 0));

        Assert.Equal(CheckpointRefusalKind.UnsupportedFormat, result.Refusal?.Kind);
    }

    [Fact]
    public void Decode_RequiredFieldMissing_RefusedNamingFieldAndPath()
    {
        var result = CheckpointCodec.Decode(SignedSample(json => json["execution_state"]!.AsObject().Remove("status")));

        Assert.Equal(CheckpointRefusalKind.SchemaViolation, result.Refusal?.Kind);
        Assert.Contains("'status'", result.Refusal!.Reason, StringComparison.Ordinal);
        Assert.Contains("execution_state", result.Refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_NullWhereTheModelHasNone_RefusedAsSchemaViolation()
    {
        var result = CheckpointCodec.Decode(SignedSample(json => json["run_id"] = null));

        Assert.Equal(CheckpointRefusalKind.SchemaViolation, result.Refusal?.Kind);
        Assert.Contains("run_id", result.Refusal!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_WrongType_RefusedAsSchemaViolation()
    {
        var result = CheckpointCodec.Decode(SignedSample(json => json["sequence"] = "three"));

        Assert.Equal(CheckpointRefusalKind.SchemaViolation, result.Refusal?.Kind);
        Assert.Contains("$.sequence", result.Refusal!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_FormatVersionMissing_RefusedAsSchemaViolation()
    {
        var result = CheckpointCodec.Decode(SignedSample(json => json.Remove("format_version")));

        Assert.Equal(CheckpointRefusalKind.SchemaViolation, result.Refusal?.Kind);
        Assert.Contains("format_version", result.Refusal!.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1, 2]", "array")]
    [InlineData("\"checkpoint\"", "string")]
    public void Decode_TopLevelNotAnObject_RefusedAsNotJson(string text, string named)
    {
        var result = CheckpointCodec.Decode(Encoding.UTF8.GetBytes(text));

        Assert.Equal(CheckpointRefusalKind.NotJson, result.Refusal?.Kind);
        Assert.Contains(named, result.Refusal!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_MalformedJson_RefusedNamingLineAndByte()
    {
        var result = CheckpointCodec.Decode("{\n  \"sequence\": 3,\n  \"run_id\" \"x\"\n}\n"u8);

        Assert.Equal(CheckpointRefusalKind.NotJson, result.Refusal?.Kind);
        Assert.StartsWith("not JSON: line 3, byte ", result.Refusal!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_EmptyFile_RefusedAsTruncated()
    {
        var result = CheckpointCodec.Decode([]);

        Assert.Equal(CheckpointRefusalKind.Truncated, result.Refusal?.Kind);
    }
}
