using System.Text.Json.Nodes;
using TaskMaster.Core.Checkpoints;
using static TaskMaster.Core.Tests.Checkpoints.CheckpointJsonEdits;

namespace TaskMaster.Core.Tests.Checkpoints;

/// <summary>
/// Values a checkpoint's JSON types allow but a run cannot hold (a time past year 9999, a NaN or
/// negative duration, a negative count, a status no run has): refused by the codec as a schema
/// violation naming the value's path, never thrown from the codec or later from a resume.
/// </summary>
public sealed class CheckpointRangesTests
{
    [Fact]
    public void Decode_FuzzFindingSeed421294284Input34619_RefusedNamingTheTimeInsteadOfThrowing()
    {
        // The codec's fuzzer found it in CI: a started_at of 5,400,000,004,294,967,296 ticks after the origin, resealed.
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Checkpoints", "Regressions", "seed-421294284-input-34619.json"));

        var result = CheckpointCodec.Decode(bytes);

        Assert.Equal(CheckpointRefusalKind.SchemaViolation, result.Refusal?.Kind);
        Assert.Contains("row 1 (build): started_at: 5400000004294967296 ticks after time_origin", result.Refusal!.Reason, StringComparison.Ordinal);
        Assert.Contains("is not a date", result.Refusal.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 3, long.MaxValue, "row 1 (build): started_at")]
    [InlineData(1, 3, long.MinValue, "row 1 (build): started_at")]
    [InlineData(0, 4, -700_000_000_000_000_000, "row 0 (setup): ended_at")]
    [InlineData(2, 9, 2_600_000_000_000_000_000, "row 2 (fetch): next_retry_at")]
    public void Decode_TaskTableTimeOutsideTheDateRange_RefusedNamingTheCell(int row, int column, long ticks, string named)
    {
        var result = CheckpointCodec.Decode(SignedSample(json => Row(json, row)[column] = ticks));

        Assert.Equal(CheckpointRefusalKind.SchemaViolation, result.Refusal?.Kind);
        Assert.Contains($"{named}: {ticks} ticks after time_origin", result.Refusal!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_TaskTableTimeAtTheLastTickOfYear9999_IsRead()
    {
        var origin = DateTimeOffset.Parse(ToJson(CheckpointSamples.Running())["execution_state"]!["tasks"]!["time_origin"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);

        var result = CheckpointCodec.Decode(SignedSample(json => Row(json, 0)[4] = DateTimeOffset.MaxValue.UtcTicks - origin.UtcTicks));

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(DateTimeOffset.MaxValue, result.Document.ExecutionState.Tasks[0].EndedAt);
    }

    public static readonly TheoryData<string, string> OutOfRange = new()
    {
        { "counters.succeeded_duration_ms=-1", "$.execution_state.counters.succeeded_duration_ms: -1 is not a duration" },
        { "counters.attempt_duration_ms=1e300", "$.execution_state.counters.attempt_duration_ms: 1E+300 is not a duration" },
        { "counters.attempt_duration_ms=NaN", "$.execution_state.counters.attempt_duration_ms: NaN is not a duration" },
        { "counters.recovered_failures=-2", "$.execution_state.counters.recovered_failures: -2 is not a count" },
        { "error_count=-1", "$.execution_state.error_count: -1 is not a count" },
        { "status=exploded", "$.execution_state.status: 'exploded' is not one of" },
        { "row0.duration_ms=Infinity", "$.execution_state.tasks[0] (setup).duration_ms: Infinity is not a duration" },
        { "row0.duration_ms=-5", "$.execution_state.tasks[0] (setup).duration_ms: -5 is not a duration" },
        { "row0.attempt=-1", "$.execution_state.tasks[0] (setup).attempt: -1 is not an attempt number" },
        { "row0.attempt=2147483647", "$.execution_state.tasks[0] (setup).attempt: 2147483647 is not an attempt number" },
        { "row1.transient_failures=-3", "$.execution_state.tasks[1] (build).transient_failures: -3 is not a count" },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void Decode_ValueOutOfItsRange_RefusedAsSchemaViolationNamingItsPath(string edit, string named)
    {
        var result = CheckpointCodec.Decode(SignedSample(json => Apply(json, edit)));

        Assert.Equal(CheckpointRefusalKind.SchemaViolation, result.Refusal?.Kind);
        Assert.Contains($"schema: at {named}", result.Refusal!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_Format1TaskWithAStatusNoRunHas_Refused()
    {
        var json = JsonNode.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Checkpoints", "Format1", "running.json")))!.AsObject();
        json["execution_state"]!["tasks"]![0]!["status"] = "5";

        var result = CheckpointCodec.Decode(Signed(json));

        Assert.Equal(CheckpointRefusalKind.SchemaViolation, result.Refusal?.Kind);
        Assert.Contains("$.execution_state.tasks[0]", result.Refusal!.Reason, StringComparison.Ordinal);
        Assert.Contains(".status: '5' is not one of", result.Refusal.Reason, StringComparison.Ordinal);
    }

    private static JsonArray Row(JsonObject json, int row) => json["execution_state"]!["tasks"]!["rows"]![row]!.AsArray();

    private static void Apply(JsonObject json, string edit)
    {
        var (path, text) = (edit[..edit.IndexOf('=')], edit[(edit.IndexOf('=') + 1)..]);
        JsonNode value = text is "NaN" or "Infinity" || !double.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var number)
            ? JsonValue.Create(text) : JsonValue.Create(number);
        if (path.StartsWith("row", StringComparison.Ordinal))
        {
            var column = Array.IndexOf(TaskTable.Columns, path[(path.IndexOf('.') + 1)..]);
            var row = Row(json, path[3] - '0');
            while (row.Count <= column) row.Add(null);
            row[column] = value;
            return;
        }
        var parent = json["execution_state"]!.AsObject();
        foreach (var part in path.Split('.')[..^1]) parent = parent[part]!.AsObject();
        parent[path.Split('.')[^1]] = value;
    }
}
