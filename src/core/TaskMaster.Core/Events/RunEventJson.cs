using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace TaskMaster.Core.Events;

/// <summary>
/// How events are written in journals and read back: compact JSON with a <c>type</c> discriminator
/// naming the event (<c>{"type":"TaskStarted","sequence":7,...}</c>). The names are a storage
/// contract: renaming an event type breaks old journals.
/// </summary>
public static class RunEventJson
{
    private static readonly Type[] EventTypes =
    [
        typeof(RunStarted), typeof(TaskStarted), typeof(TaskProgressed), typeof(TaskSucceeded), typeof(TaskFailed),
        typeof(TaskRetryScheduled), typeof(TasksBlocked), typeof(RunPaused), typeof(RunResumed), typeof(ExecutorFaulted),
        typeof(RunInterrupted), typeof(RunCompleted), typeof(TaskCancelled), typeof(CheckpointTaken), typeof(CheckpointFailed), typeof(RunRolledBack),
        typeof(TaskOverridden), typeof(RunStopRequested), typeof(TasksRetried),
    ];

    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static byte[] Serialize(RunEvent e) => JsonSerializer.SerializeToUtf8Bytes(e, Options);

    public static void Serialize(Utf8JsonWriter writer, RunEvent e) => JsonSerializer.Serialize(writer, e, Options);

    /// <summary>Reads one event; throws <see cref="JsonException"/> when the bytes are not one.</summary>
    public static RunEvent Deserialize(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize<RunEvent>(json, Options) ?? throw new JsonException("null event");
        }
        // The serializer refuses some malformed events with other exceptions (an object without "type" is a
        // NotSupportedException): callers reading untrusted bytes catch one kind.
        catch (Exception e) when (e is NotSupportedException or ArgumentException or InvalidOperationException)
        {
            throw new JsonException(e.Message, e);
        }
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var resolver = new DefaultJsonTypeInfoResolver();
        resolver.Modifiers.Add(info =>
        {
            if (info.Type != typeof(RunEvent)) return;
            info.PolymorphismOptions = new JsonPolymorphismOptions
            {
                TypeDiscriminatorPropertyName = "type",
                UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization,
            };
            foreach (var type in EventTypes)
                info.PolymorphismOptions.DerivedTypes.Add(new JsonDerivedType(type, type.Name));
        });
        var options = new JsonSerializerOptions
        {
            TypeInfoResolver = resolver,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        options.MakeReadOnly();
        return options;
    }
}
