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
        var original = CheckpointSamples.EveryField();

        var result = CheckpointCodec.Decode(CheckpointCodec.Encode(original));

        Assert.True(result.IsValid, result.ToString());
        Assert.Equivalent(original with { Checksum = result.Document.Checksum }, result.Document, strict: true);
    }

    [Fact]
    public void Encode_Document_IsGzipOfCompactSnakeCaseJsonWithChecksumLast()
    {
        var file = CheckpointCodec.Encode(CheckpointSamples.Running());

        var text = TextOf(file);
        Assert.Equal([0x1f, 0x8b], file[..2]);
        Assert.StartsWith("{\"format_version\":2,\"sequence\":3,", text, StringComparison.Ordinal);
        Assert.Contains("\"execution_state\":{", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", text.TrimEnd('\n'), StringComparison.Ordinal);
        using var json = JsonDocument.Parse(text);
        Assert.Equal("checksum", json.RootElement.EnumerateObject().Last().Name);
        Assert.EndsWith("\"}\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_Document_ChecksumIsSha256OfTheJsonWithTheValueEmpty()
    {
        var text = TextOf(CheckpointCodec.Encode(CheckpointSamples.Running()));

        var recorded = JsonDocument.Parse(text).RootElement.GetProperty("checksum").GetString()!;
        var unsigned = text.Replace($"\"checksum\":\"{recorded}\"", "\"checksum\":\"\"", StringComparison.Ordinal);
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(unsigned))), recorded);
    }

    [Fact]
    public void Encode_Document_LeavesOutNullsAndWhatTheTaskTableSays()
    {
        using var json = JsonDocument.Parse(JsonOf(CheckpointCodec.Encode(CheckpointSamples.Running())));

        var execution = json.RootElement.GetProperty("execution_state");
        Assert.Equal(["status", "started_at", "tasks", "resource_allocations", "error_count", "counters"], execution.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["resume_command", "previous_checkpoint"], json.RootElement.GetProperty("recovery_information").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Decode_Format2File_ComputesTheListsFromTheTaskTable()
    {
        var original = CheckpointSamples.Running();

        var document = CheckpointCodec.Decode(CheckpointCodec.Encode(original)).Document!;

        Assert.Equal("build", document.ExecutionState.CurrentTaskId);
        Assert.Equal(["build"], document.ExecutionState.RunningTasks);
        Assert.Equal(["setup"], document.ExecutionState.CompletedTasks);
        Assert.Equal(["fetch", "report"], document.ExecutionState.PendingTasks);
        Assert.Equal(["build"], document.RecoveryInformation.RerunOnResume);
        Assert.Equal(original.RecoveryInformation.RetryTimers, document.RecoveryInformation.RetryTimers);
    }

    [Fact]
    public void Encode_TaskTable_OneRowPerTaskWithTheDefaultsAtItsEndLeftOut()
    {
        using var json = JsonDocument.Parse(JsonOf(CheckpointCodec.Encode(CheckpointSamples.Running())));

        var table = json.RootElement.GetProperty("execution_state").GetProperty("tasks");
        var rows = table.GetProperty("rows").EnumerateArray().Select(r => r.GetRawText()).ToList();
        Assert.Equal("2026-11-24T10:20:00+00:00", table.GetProperty("time_origin").GetString());
        Assert.Equal("[\"setup\",\"succeeded\",1,0,600000000,60000,1]", rows[0]);
        Assert.Equal("[\"report\",\"pending\"]", rows[3]);
        Assert.Equal(4, rows.Count);
    }

    [Fact]
    public void Decode_TimesWithTicksBelowAMillisecond_ReadBackExactly()
    {
        var sample = CheckpointSamples.Running();
        var at = CheckpointSamples.T0.AddTicks(1_234_567);
        var tasks = sample.ExecutionState.Tasks.Select(t => t.Id == "build" ? t with { StartedAt = at } : t).ToList();

        var document = CheckpointCodec.Decode(CheckpointCodec.Encode(sample with { ExecutionState = sample.ExecutionState with { Tasks = tasks } })).Document!;

        Assert.Equal(at.UtcTicks, document.ExecutionState.Tasks.Single(t => t.Id == "build").StartedAt?.UtcTicks);
    }

    [Fact]
    public void Decode_Format1File_LoadsEveryFieldAsItWasWritten()
    {
        var file = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Checkpoints", "Format1", "running.json"));

        var result = CheckpointCodec.Decode(file);

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(1, result.Document.FormatVersion);
        Assert.Equivalent(CheckpointSamples.Running() with { FormatVersion = 1, Checksum = result.Document.Checksum }, result.Document, strict: true);
    }

    [Fact]
    public void Encode_DocumentReadFromAFormat1File_WritesFormat2()
    {
        var old = CheckpointCodec.Decode(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Checkpoints", "Format1", "running.json"))).Document!;

        var again = CheckpointCodec.Decode(CheckpointCodec.Encode(old)).Document!;

        Assert.Equivalent(old with { FormatVersion = 2, Checksum = again.Checksum }, again, strict: true);
    }

    [Fact]
    public void Decode_JsonTakenOutOfTheFile_StillVerifies()
    {
        var json = JsonOf(CheckpointCodec.Encode(CheckpointSamples.Running()));

        Assert.True(CheckpointCodec.Decode(json).IsValid);
        Assert.True(CheckpointCodec.Decode(Compressed(json, System.IO.Compression.CompressionLevel.SmallestSize)).IsValid);
    }

    [Fact]
    public void Encode_TextWithQuotesAndUnicode_StaysReadable()
    {
        var text = TextOf(CheckpointCodec.Encode(CheckpointSamples.Running()));

        Assert.Contains("\"45% of O(√n)\"", text, StringComparison.Ordinal);
        Assert.Contains("\\\"quoted\\\" <tag> ünïcode", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_NaNMetricAndProgress_RoundTrip()
    {
        var sample = CheckpointSamples.Running();
        var tasks = sample.ExecutionState.Tasks.Select(t => t.Id == "build" ? t with { Progress = double.NaN } : t).ToList();
        var original = sample with
        {
            SystemMetrics = sample.SystemMetrics with { ExecutionEfficiency = double.NaN },
            ExecutionState = sample.ExecutionState with { Tasks = tasks },
        };

        var result = CheckpointCodec.Decode(CheckpointCodec.Encode(original));

        Assert.True(result.IsValid, result.ToString());
        Assert.True(double.IsNaN(result.Document.SystemMetrics.ExecutionEfficiency));
        Assert.True(double.IsNaN(result.Document.ExecutionState.Tasks.Single(t => t.Id == "build").Progress));
    }

    [Fact]
    public void Show_Document_IsIndentedWithEveryFieldAndTasksAsObjects()
    {
        var text = CheckpointCodec.Show(CheckpointCodec.Decode(CheckpointCodec.Encode(CheckpointSamples.Running())).Document!);

        Assert.Contains("\n  \"execution_state\": {\n", text, StringComparison.Ordinal);
        Assert.Contains("\"completed_tasks\": [\n      \"setup\"\n    ]", text, StringComparison.Ordinal);
        Assert.Contains("\"id\": \"report\",\n        \"status\": \"pending\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Show_DocumentOfAFormat1File_IsExactlyThatFilesText()
    {
        var file = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Checkpoints", "Format1", "running.json"));
        var document = CheckpointCodec.Decode(file).Document!;

        var shown = CheckpointCodec.Show(document with { Checksum = "" });

        Assert.Equal(file, CheckpointChecksum.Sign(Encoding.UTF8.GetBytes(shown)));
    }

    [Fact]
    public void Decode_ContentChangedAfterSigning_RefusedWithRecordedAndActualChecksums()
    {
        var text = TextOf(CheckpointCodec.Encode(CheckpointSamples.Running()));
        var tampered = text.Replace("[\"setup\",\"succeeded\"", "[\"setup\",\"failed\"", StringComparison.Ordinal);

        var result = CheckpointCodec.Decode(Compressed(tampered));

        Assert.Equal(CheckpointRefusalKind.ChecksumMismatch, result.Refusal?.Kind);
        var recorded = JsonDocument.Parse(text).RootElement.GetProperty("checksum").GetString()!;
        Assert.Contains($"records {recorded} but its content hashes to sha256:", result.Refusal!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_NoChecksum_RefusedAsMissing()
    {
        var json = ToJson(CheckpointSamples.Running());
        json.Remove("checksum");

        var result = CheckpointCodec.Decode(Compressed(json.ToJsonString()));

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

        var result = CheckpointCodec.Decode(Compressed(json.ToJsonString()));

        Assert.Equal(CheckpointRefusalKind.MalformedChecksum, result.Refusal?.Kind);
    }

    [Fact]
    public void Decode_NewerFormatVersion_RefusedNamingBothVersions()
    {
        var bytes = SignedSample(json => json["format_version"] = 7);

        var result = CheckpointCodec.Decode(bytes);

        Assert.Equal(CheckpointRefusalKind.NewerFormat, result.Refusal?.Kind);
        Assert.Equal("checkpoint format 7 is newer than this program's 2; upgrade task-master", result.Refusal!.Reason);
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
    public void Decode_OptionalTaskTableLeftOut_ReadAsARunWithNoTasks()
    {
        var result = CheckpointCodec.Decode(SignedSample(json => json["execution_state"]!.AsObject().Remove("tasks")));

        Assert.True(result.IsValid, result.Refusal?.Reason);
        Assert.Empty(result.Document.ExecutionState.Tasks);
        Assert.Empty(result.Document.ExecutionState.PendingTasks);
    }

    [Theory]
    [InlineData("counters")]
    [InlineData("error_log")]
    [InlineData("intermediate_results")]
    public void Decode_OptionalFieldLeftOut_ReadWithItsEmptyDefault(string field)
    {
        var result = CheckpointCodec.Decode(SignedSample(json =>
        {
            if (!json.Remove(field)) Assert.True(json["execution_state"]!.AsObject().Remove(field), field);
        }));

        Assert.True(result.IsValid, result.Refusal?.Reason);
        Assert.NotNull(result.Document.ExecutionState.Counters);
        Assert.NotNull(result.Document.ErrorLog);
        Assert.NotNull(result.Document.IntermediateResults);
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
        var result = CheckpointCodec.Decode(Compressed(text));

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
    public void Decode_BadLiteralBeforeAHundredKilobytes_RefusalQuotesItShortened()
    {
        var json = "{\"sequence\": nulL, \"run_id\": \"" + new string('x', 100_000) + "\"}";

        var result = CheckpointCodec.Decode(System.Text.Encoding.UTF8.GetBytes(json));

        Assert.Equal(CheckpointRefusalKind.NotJson, result.Refusal?.Kind);
        Assert.StartsWith("not JSON: line 1, byte ", result.Refusal!.Reason, StringComparison.Ordinal);
        Assert.Contains("invalid JSON literal", result.Refusal.Reason, StringComparison.Ordinal);
        Assert.True(result.Refusal.Reason.Length < 300, $"{result.Refusal.Reason.Length} characters");
    }

    [Fact]
    public void Decode_EmptyFile_RefusedAsTruncated()
    {
        var result = CheckpointCodec.Decode([]);

        Assert.Equal(CheckpointRefusalKind.Truncated, result.Refusal?.Kind);
    }
}
