using System.Text.Json;

namespace TaskMaster.Core.Checkpoints;

/// <summary>
/// <c>execution_state.tasks</c> in format 2: one row per task, in queue order, each an array of the
/// <see cref="Columns"/> with the defaults at its end left out (a task still waiting to run is
/// <c>["t7","pending"]</c>). Times are whole 100-nanosecond ticks after <c>time_origin</c>, so they
/// read back exactly. Names and the origin come once, not once per task.
/// </summary>
internal static class TaskTable
{
    public static readonly string[] Columns =
    [
        "id", "status", "attempt", "started_at", "ended_at", "duration_ms", "progress",
        "transient_failures", "executor_failures", "next_retry_at", "progress_message", "blocked_by", "last_failure",
    ];

    private static readonly HashSet<string> Statuses = ["pending", "ready", "running", "retry_waiting", "succeeded", "failed", "blocked", "skipped"];

    // Escaped and encoded once: every row has one.
    private static readonly Dictionary<string, JsonEncodedText> EncodedStatuses = Statuses.ToDictionary(s => s, s => JsonEncodedText.Encode(s));

    public static void Write(Utf8JsonWriter writer, ITaskRows rows, DateTimeOffset origin, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("columns");
        foreach (var column in Columns) writer.WriteStringValue(column);
        writer.WriteEndArray();
        writer.WriteString("time_origin", origin);
        writer.WriteStartArray("rows");
        for (var i = 0; i < rows.Count; i++) WriteRow(writer, rows[i], origin, options);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteRow(Utf8JsonWriter writer, in TaskRow row, DateTimeOffset origin, JsonSerializerOptions options)
    {
        var last = LastSet(row);
        writer.WriteStartArray();
        writer.WriteStringValue(row.Id);
        if (EncodedStatuses.TryGetValue(row.Status, out var status)) writer.WriteStringValue(status);
        else writer.WriteStringValue(row.Status);
        if (last >= 2) writer.WriteNumberValue(row.Attempt);
        if (last >= 3) WriteTime(writer, row.StartedAt, origin);
        if (last >= 4) WriteTime(writer, row.EndedAt, origin);
        if (last >= 5) WriteReal(writer, row.DurationMs);
        if (last >= 6) WriteReal(writer, row.Progress);
        if (last >= 7) writer.WriteNumberValue(row.TransientFailures);
        if (last >= 8) writer.WriteNumberValue(row.ExecutorFailures);
        if (last >= 9) WriteTime(writer, row.NextRetryAt, origin);
        if (last >= 10) WriteText(writer, row.ProgressMessage);
        if (last >= 11) WriteText(writer, row.BlockedBy);
        if (last >= 12) JsonSerializer.Serialize(writer, row.LastFailure, CheckpointJson.ErrorEntry(options));
        writer.WriteEndArray();
    }

    // The last column that differs from its default: the row stops there.
    private static int LastSet(in TaskRow row) =>
        row.LastFailure is not null ? 12
        : row.BlockedBy is not null ? 11
        : row.ProgressMessage is not null ? 10
        : row.NextRetryAt is not null ? 9
        : row.ExecutorFailures != 0 ? 8
        : row.TransientFailures != 0 ? 7
        : row.Progress != 0 ? 6
        : row.DurationMs is not null ? 5
        : row.EndedAt is not null ? 4
        : row.StartedAt is not null ? 3
        : row.Attempt != 0 ? 2
        : 1;

    private static void WriteTime(Utf8JsonWriter writer, DateTimeOffset? time, DateTimeOffset origin)
    {
        if (time is { } t) writer.WriteNumberValue((t - origin).Ticks);
        else writer.WriteNullValue();
    }

    private static void WriteText(Utf8JsonWriter writer, string? text)
    {
        if (text is null) writer.WriteNullValue();
        else writer.WriteStringValue(text);
    }

    // As the serializer writes reals everywhere else in the file: NaN and the infinities as strings.
    // Whole values (durations in milliseconds, 100 % progress) are the rule and are written as the
    // integers they are: the same text, for a fraction of the cost of formatting a double.
    private static void WriteReal(Utf8JsonWriter writer, double? value)
    {
        if (value is not { } v) writer.WriteNullValue();
        else if (Math.Abs(v) < 1e15 && v == Math.Floor(v) && !(v == 0 && double.IsNegative(v))) writer.WriteNumberValue((long)v);
        else if (double.IsFinite(v)) writer.WriteNumberValue(v);
        else writer.WriteStringValue(double.IsNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");
    }

    /// <summary>Reads the table the reader is at (its start object) into task records, refusing what breaks the format.</summary>
    /// <exception cref="JsonException">The table breaks format 2; the message says where and what.</exception>
    public static List<TaskCheckpoint> Read(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        var columnsSeen = false;
        DateTimeOffset? origin = null;
        List<RawRow>? rows = null;
        Expect(ref reader, JsonTokenType.StartObject, "the task table must be an object");
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "columns": ReadColumns(ref reader); columnsSeen = true; break;
                case "time_origin": origin = reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out var at) ? at : throw Problem("time_origin must be a date-time"); break;
                case "rows": rows = ReadRows(ref reader, options); break;
                default: reader.Skip(); break;
            }
        }
        if (!columnsSeen) throw Problem("the task table has no columns");
        if (rows is null) throw Problem("the task table has no rows");
        if (origin is null && rows.Exists(r => r.HasTime)) throw Problem("the task table has times but no time_origin");
        var tasks = new List<TaskCheckpoint>(rows.Count);
        for (var i = 0; i < rows.Count; i++) tasks.Add(rows[i].ToCheckpoint(i, origin ?? default));
        return tasks;
    }

    private static void ReadColumns(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartArray, "columns must be an array");
        var i = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (i >= Columns.Length || reader.TokenType != JsonTokenType.String || !reader.ValueTextEquals(Columns[i]))
                throw Problem($"columns must be [{string.Join(", ", Columns)}]");
            i++;
        }
        if (i != Columns.Length) throw Problem($"columns must be [{string.Join(", ", Columns)}]");
    }

    private static List<RawRow> ReadRows(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        Expect(ref reader, JsonTokenType.StartArray, "rows must be an array");
        var rows = new List<RawRow>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) rows.Add(ReadRow(ref reader, rows.Count, options));
        return rows;
    }

    private static RawRow ReadRow(ref Utf8JsonReader reader, int number, JsonSerializerOptions options)
    {
        Expect(ref reader, JsonTokenType.StartArray, $"row {number} must be an array");
        var row = new RawRow();
        var column = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (column >= Columns.Length) throw Problem($"row {number} ({row.Id}) has more than {Columns.Length} values");
            var at = new Cell(number, column, row.Id);
            switch (column)
            {
                case 0: row.Id = Text(ref reader, at) ?? throw Problem($"{at} must be a string"); break;
                case 1: row.Status = Status(ref reader, at); break;
                case 2: row.Attempt = Integer(ref reader, at); break;
                case 3: row.StartedAt = Ticks(ref reader, at); break;
                case 4: row.EndedAt = Ticks(ref reader, at); break;
                case 5: row.DurationMs = Real(ref reader, at); break;
                case 6: row.Progress = Real(ref reader, at) ?? throw Problem($"{at} must be a number"); break;
                case 7: row.TransientFailures = Integer(ref reader, at); break;
                case 8: row.ExecutorFailures = Integer(ref reader, at); break;
                case 9: row.NextRetryAt = Ticks(ref reader, at); break;
                case 10: row.ProgressMessage = Text(ref reader, at); break;
                case 11: row.BlockedBy = Text(ref reader, at); break;
                default: row.LastFailure = JsonSerializer.Deserialize(ref reader, CheckpointJson.ErrorEntry(options)); break;
            }
            column++;
        }
        if (column < 2) throw Problem($"row {number} must have at least an id and a status");
        return row;
    }

    private static string Status(ref Utf8JsonReader reader, Cell at)
    {
        var status = Text(ref reader, at);
        return status is not null && Statuses.Contains(status) ? status
            : throw Problem($"{at} must be one of {string.Join(", ", Statuses)}, not {(status is null ? "null" : $"'{status}'")}");
    }

    private static string? Text(ref Utf8JsonReader reader, Cell at) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => reader.GetString(),
        _ => throw Problem($"{at} must be a string or null"),
    };

    private static int Integer(ref Utf8JsonReader reader, Cell at) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value) ? value : throw Problem($"{at} must be an integer");

    private static long? Ticks(ref Utf8JsonReader reader, Cell at) =>
        reader.TokenType == JsonTokenType.Null ? null
        : reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) ? value
        : throw Problem($"{at} must be whole ticks or null");

    private static double? Real(ref Utf8JsonReader reader, Cell at) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.Number => reader.GetDouble(),
        JsonTokenType.String when reader.ValueTextEquals("NaN") => double.NaN,
        JsonTokenType.String when reader.ValueTextEquals("Infinity") => double.PositiveInfinity,
        JsonTokenType.String when reader.ValueTextEquals("-Infinity") => double.NegativeInfinity,
        _ => throw Problem($"{at} must be a number"),
    };

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token, string problem)
    {
        if (reader.TokenType != token) throw Problem(problem);
    }

    private static JsonException Problem(string what) => new($"task table: {what}");

    /// <summary>Where a value is, named only when it is refused (reading a table must not build a string per value).</summary>
    private readonly record struct Cell(int Row, int Column, string? Id)
    {
        public override string ToString() => $"row {Row} ({Id ?? "?"}): {Columns[Column]}";
    }

    /// <summary>A row as read, its times still ticks: the origin may come after the rows.</summary>
    private struct RawRow
    {
        public string? Id;
        public string? Status;
        public int Attempt;
        public long? StartedAt;
        public long? EndedAt;
        public double? DurationMs;
        public double Progress;
        public int TransientFailures;
        public int ExecutorFailures;
        public long? NextRetryAt;
        public string? ProgressMessage;
        public string? BlockedBy;
        public ErrorLogEntry? LastFailure;

        public readonly bool HasTime => StartedAt is not null || EndedAt is not null || NextRetryAt is not null;

        public readonly TaskCheckpoint ToCheckpoint(int number, DateTimeOffset origin) => new TaskRow(
            Id!, Status!, Attempt, At(StartedAt, new(number, 3, Id), origin), At(EndedAt, new(number, 4, Id), origin), DurationMs, Progress,
            TransientFailures, ExecutorFailures, At(NextRetryAt, new(number, 9, Id), origin), ProgressMessage, BlockedBy, LastFailure).ToCheckpoint();

        private static DateTimeOffset? At(long? ticks, Cell at, DateTimeOffset origin) =>
            ticks is not { } t ? null
            : CheckpointRanges.TryAddTicks(origin, t, out var time) ? time
            : throw Problem($"{at}: {t} ticks after time_origin {origin:O} is not a date (years 1 to 9999)");
    }
}
