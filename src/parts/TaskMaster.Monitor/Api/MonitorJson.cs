using System.Text.Json;
using TaskMaster.Core.ReadModel;

namespace TaskMaster.Monitor.Api;

/// <summary>The monitor's JSON (docs/monitoring-contract.md): the status's own shape, <see cref="SnakeCaseJson"/>.</summary>
public static class MonitorJson
{
    public static JsonSerializerOptions Options => SnakeCaseJson.Compact;

    public static JsonSerializerOptions Indented => SnakeCaseJson.Indented;
}
