using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace TaskMaster.Core.Checkpoints;

// Source-generated: a 100k-task checkpoint is read without reflection.
// Respect* make the reader as strict as the model: a missing required field or a null where the
// model has none is a refusal, not a half-filled document.
// Named floating-point literals: a NaN metric (0/0 efficiency) must not make a checkpoint unwritable.
[JsonSourceGenerationOptions(
    WriteIndented = true,
    NewLine = "\n",
    IndentSize = 2,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(CheckpointDocument))]
internal sealed partial class CheckpointJsonContext : JsonSerializerContext;

/// <summary>The one JSON contract of checkpoint files.</summary>
internal static class CheckpointJson
{
    // Relaxed escaping keeps task output (quotes, <, >, non-ASCII) readable; the file is never HTML.
    private static readonly JsonSerializerOptions Options = new(CheckpointJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The parts of a format 2 file: no indentation, no nulls (a reader takes a missing value as null).</summary>
    public static JsonSerializerOptions Compact { get; } = new(Options)
    {
        WriteIndented = false,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The whole document: how files of every format are read, and how a person is shown one (indented, tasks as objects).</summary>
    public static JsonTypeInfo<CheckpointDocument> Document { get; } = (JsonTypeInfo<CheckpointDocument>)Options.GetTypeInfo(typeof(CheckpointDocument));

    public static JsonTypeInfo<T> Of<T>(JsonSerializerOptions options) => (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));

    public static JsonTypeInfo<TaskCheckpoint> Task(JsonSerializerOptions options) => Of<TaskCheckpoint>(options);

    public static JsonTypeInfo<ErrorLogEntry?> ErrorEntry(JsonSerializerOptions options) => Of<ErrorLogEntry?>(options);
}
