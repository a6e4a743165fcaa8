using System.Text.Json;
using TaskMaster.Core.ReadModel;

namespace TaskMaster.Monitor.History;

/// <summary>
/// The JSON of history, alerts and reports: <see cref="SnakeCaseJson"/>, as docs/monitoring-contract.md
/// fixes them. Payloads handed to the feed are serialized here first
/// (to a <see cref="JsonElement"/>), so their shape never depends on the feed's own settings.
/// </summary>
public static class InsightsJson
{
    public static JsonSerializerOptions Options => SnakeCaseJson.Compact;

    public static JsonSerializerOptions Indented => SnakeCaseJson.Indented;

    public static JsonElement ToElement<T>(T value) => JsonSerializer.SerializeToElement(value, Options);
}
