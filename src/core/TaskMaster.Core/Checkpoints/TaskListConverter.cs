using System.Text.Json;
using System.Text.Json.Serialization;

namespace TaskMaster.Core.Checkpoints;

/// <summary>
/// <c>execution_state.tasks</c> of either format: format 1's array of task objects, or format 2's
/// table (<see cref="TaskTable"/>). Written back as objects, the form a person reads
/// (<c>task-master checkpoint --show</c>); files are written by <see cref="CheckpointJsonWriter"/>.
/// </summary>
internal sealed class TaskListConverter : JsonConverter<IReadOnlyList<TaskCheckpoint>>
{
    public override IReadOnlyList<TaskCheckpoint> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.StartObject) return TaskTable.Read(ref reader, options);
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("tasks must be an array (format 1) or a task table (format 2)");
        var tasks = new List<TaskCheckpoint>();
        var type = CheckpointJson.Task(options);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            tasks.Add(JsonSerializer.Deserialize(ref reader, type) ?? throw new JsonException("a task is null"));
        return tasks;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<TaskCheckpoint> value, JsonSerializerOptions options)
    {
        var type = CheckpointJson.Task(options);
        writer.WriteStartArray();
        foreach (var task in value) JsonSerializer.Serialize(writer, task, type);
        writer.WriteEndArray();
    }
}
