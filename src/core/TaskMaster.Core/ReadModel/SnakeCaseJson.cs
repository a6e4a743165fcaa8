using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace TaskMaster.Core.ReadModel;

/// <summary>
/// The one JSON shape people and scripts read (the status, the monitor's API, history, alerts, reports:
/// docs/status.md, docs/monitoring-contract.md): snake_case names, enums as snake_case strings, nulls written.
/// </summary>
public static class SnakeCaseJson
{
    public static JsonSerializerOptions Compact { get; } = Create(indented: false);

    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            WriteIndented = indented,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        };
        options.MakeReadOnly();
        return options;
    }
}
