using System.Text.Json;
using System.Text.Json.Serialization;

namespace TaskMaster.Core.ReadModel;

/// <summary>
/// The JSON form of a <see cref="RunStatusReport"/> (<c>task-master status --format json</c>):
/// snake_case names, enums as snake_case strings, every field always present (null when it does not apply).
/// </summary>
public static class RunStatusJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string Serialize(RunStatusReport report) => JsonSerializer.Serialize(report, Options);
}
