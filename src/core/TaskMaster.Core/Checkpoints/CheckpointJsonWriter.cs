using System.Text.Json;

namespace TaskMaster.Core.Checkpoints;

/// <summary>
/// Writes a document as format 2's JSON, streamed: no indentation, no nulls, the task table
/// (<see cref="TaskTable"/>) instead of one object per task, and none of what a reader computes
/// from that table (<see cref="CheckpointDerivation"/>). The root object is left open for the
/// checksum, which <see cref="CheckpointSink"/> appends last.
/// </summary>
internal static class CheckpointJsonWriter
{
    public static void WriteAllButChecksum(Utf8JsonWriter writer, CheckpointDocument document, ITaskRows tasks)
    {
        var options = CheckpointJson.Compact;
        writer.WriteStartObject();
        // This layout is format 2's: a document read from an older file is written as format 2.
        writer.WriteNumber("format_version", Math.Max(document.FormatVersion, CheckpointDocument.CurrentFormatVersion));
        writer.WriteNumber("sequence", document.Sequence);
        writer.WriteString("run_id", document.RunId);
        writer.WriteString("timestamp", document.Timestamp);
        writer.WriteString("reason", document.Reason);
        Property(writer, "queue", document.Queue, options);
        Property(writer, "journal", document.Journal, options);
        WriteExecutionState(writer, document, tasks, options);
        Property(writer, "intermediate_results", document.IntermediateResults, options);
        Property(writer, "system_metrics", document.SystemMetrics, options);
        Property(writer, "error_log", document.ErrorLog, options);
        writer.WriteStartObject("recovery_information");
        writer.WriteString("resume_command", document.RecoveryInformation.ResumeCommand);
        if (document.RecoveryInformation.PreviousCheckpoint is { } previous) writer.WriteString("previous_checkpoint", previous);
        writer.WriteEndObject();
        writer.Flush();
    }

    private static void WriteExecutionState(Utf8JsonWriter writer, CheckpointDocument document, ITaskRows tasks, JsonSerializerOptions options)
    {
        var execution = document.ExecutionState;
        writer.WriteStartObject("execution_state");
        writer.WriteString("status", execution.Status);
        if (execution.StatusReason is { } reason) writer.WriteString("status_reason", reason);
        if (execution.StartedAt is { } started) writer.WriteString("started_at", started);
        if (execution.EndedAt is { } ended) writer.WriteString("ended_at", ended);
        writer.WritePropertyName("tasks");
        // The run's start when there is one: every task's times are after it, so their ticks stay short.
        TaskTable.Write(writer, tasks, execution.StartedAt ?? document.Timestamp, options);
        Property(writer, "resource_allocations", execution.ResourceAllocations, options);
        writer.WriteNumber("error_count", execution.ErrorCount);
        Property(writer, "counters", execution.Counters, options);
        writer.WriteEndObject();
    }

    private static void Property<T>(Utf8JsonWriter writer, string name, T value, JsonSerializerOptions options)
    {
        writer.WritePropertyName(name);
        JsonSerializer.Serialize(writer, value, CheckpointJson.Of<T>(options));
    }
}
