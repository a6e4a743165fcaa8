using System.Text.Json;

namespace TaskMaster.Core.ReadModel;

/// <summary>
/// The JSON form of a <see cref="RunStatusReport"/> (<c>task-master status --format json</c>, <c>GET /v1/status</c>):
/// <see cref="SnakeCaseJson"/>, indented, every field always present (null when it does not apply).
/// </summary>
public static class RunStatusJson
{
    public static string Serialize(RunStatusReport report) => JsonSerializer.Serialize(report, SnakeCaseJson.Indented);
}
