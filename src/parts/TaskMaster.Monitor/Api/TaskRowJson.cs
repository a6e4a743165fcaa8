using System.Text.Json;
using TaskMaster.Core.ReadModel;
using TaskStatus = TaskMaster.Core.State.TaskStatus;

namespace TaskMaster.Monitor.Api;

/// <summary>
/// A task row as <see cref="MonitorJson.Options"/> writes it (docs/monitoring-contract.md, "Task row"),
/// byte for byte, without the serializer's reflection: the feed writes tens of thousands of rows
/// per update under a flood of changes, and <c>/api/v1/tasks</c> all of them.
/// </summary>
internal static class TaskRowJson
{
    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("id"), State = JsonEncodedText.Encode("state"),
        Attempt = JsonEncodedText.Encode("attempt"), MaxAttempts = JsonEncodedText.Encode("max_attempts"),
        Progress = JsonEncodedText.Encode("progress"), ProgressMessage = JsonEncodedText.Encode("progress_message"),
        StartedAt = JsonEncodedText.Encode("started_at"), EndedAt = JsonEncodedText.Encode("ended_at"),
        DurationSeconds = JsonEncodedText.Encode("duration_seconds"), LastError = JsonEncodedText.Encode("last_error"),
        BlockedBy = JsonEncodedText.Encode("blocked_by"), NextRetryAt = JsonEncodedText.Encode("next_retry_at");

    private static readonly JsonEncodedText[] States = Enum.GetValues<TaskStatus>()
        .Select(s => JsonEncodedText.Encode(JsonNamingPolicy.SnakeCaseLower.ConvertName(s.ToString()))).ToArray();

    public static void WriteArray(Utf8JsonWriter writer, string name, IReadOnlyList<TaskRow> rows)
    {
        writer.WriteStartArray(name);
        foreach (var row in rows) Write(writer, row);
        writer.WriteEndArray();
    }

    public static void Write(Utf8JsonWriter writer, TaskRow row)
    {
        writer.WriteStartObject();
        writer.WriteString(Id, row.Id);
        writer.WriteString(State, States[(int)row.State]);
        writer.WriteNumber(Attempt, row.Attempt);
        writer.WriteNumber(MaxAttempts, row.MaxAttempts);
        writer.WriteNumber(Progress, row.Progress);
        WriteOrNull(writer, ProgressMessage, row.ProgressMessage);
        WriteOrNull(writer, StartedAt, row.StartedAt);
        WriteOrNull(writer, EndedAt, row.EndedAt);
        if (row.DurationSeconds is { } seconds) writer.WriteNumber(DurationSeconds, seconds);
        else writer.WriteNull(DurationSeconds);
        WriteOrNull(writer, LastError, row.LastError);
        WriteOrNull(writer, BlockedBy, row.BlockedBy);
        WriteOrNull(writer, NextRetryAt, row.NextRetryAt);
        writer.WriteEndObject();
    }

    private static void WriteOrNull(Utf8JsonWriter writer, JsonEncodedText name, string? value)
    {
        if (value is null) writer.WriteNull(name);
        else writer.WriteString(name, value);
    }

    private static void WriteOrNull(Utf8JsonWriter writer, JsonEncodedText name, DateTimeOffset? value)
    {
        if (value is { } time) writer.WriteString(name, time);
        else writer.WriteNull(name);
    }
}
