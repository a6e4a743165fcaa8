using System.Text.Json.Serialization;

namespace TaskMaster.Monitor.Alerts;

/// <summary>
/// One alert as Alertmanager's <c>POST /api/v2/alerts</c> takes it (its <c>postableAlert</c>), as
/// Prometheus sends them: a firing alert's <c>endsAt</c> is how long this post vouches for it, a
/// resolved one's is when it resolved.
/// </summary>
public sealed record PostableAlert(
    [property: JsonPropertyName("labels")] IReadOnlyDictionary<string, string> Labels,
    [property: JsonPropertyName("annotations")] IReadOnlyDictionary<string, string> Annotations,
    [property: JsonPropertyName("startsAt")] string StartsAt,
    [property: JsonPropertyName("endsAt")] string EndsAt,
    [property: JsonPropertyName("generatorURL"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? GeneratorUrl)
{
    /// <param name="validUntil">The end a firing alert is given: Alertmanager resolves it then unless it is posted again.</param>
    public static PostableAlert For(Alert alert, DateTimeOffset validUntil, string externalUrl)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var generator = AlertmanagerPayload.GeneratorUrl(externalUrl);
        var end = alert.State == AlertState.Resolved && alert.EndsAt is { } endsAt ? endsAt : validUntil;
        return new PostableAlert(AlertmanagerPayload.LabelsOf(alert), AlertmanagerPayload.AnnotationsOf(alert),
            AlertmanagerPayload.Time(alert.StartsAt), AlertmanagerPayload.Time(end), generator.Length == 0 ? null : generator);
    }
}
