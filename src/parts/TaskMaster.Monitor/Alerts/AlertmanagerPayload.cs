using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;

namespace TaskMaster.Monitor.Alerts;

/// <summary>
/// Alertmanager's webhook body (version 4, prometheus.io/docs/alerting/latest/configuration/#webhook_config),
/// so any receiver written for Alertmanager accepts TaskMaster's alerts. One notification per alert change;
/// its group is the alert's name within the run.
/// </summary>
public sealed record AlertmanagerPayload(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("groupKey")] string GroupKey,
    [property: JsonPropertyName("truncatedAlerts")] int TruncatedAlerts,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("receiver")] string Receiver,
    [property: JsonPropertyName("groupLabels")] IReadOnlyDictionary<string, string> GroupLabels,
    [property: JsonPropertyName("commonLabels")] IReadOnlyDictionary<string, string> CommonLabels,
    [property: JsonPropertyName("commonAnnotations")] IReadOnlyDictionary<string, string> CommonAnnotations,
    [property: JsonPropertyName("externalURL")] string ExternalUrl,
    [property: JsonPropertyName("alerts")] IReadOnlyList<AlertmanagerAlert> Alerts)
{
    public const string ReceiverName = "taskmaster";

    /// <summary>How the payload is written: names as Alertmanager spells them (set on each property).</summary>
    public static System.Text.Json.JsonSerializerOptions JsonOptions { get; } = new() { TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver() };

    /// <summary>What Alertmanager sends as the end of an alert that still fires.</summary>
    public const string NoEnd = "0001-01-01T00:00:00Z";

    /// <param name="externalUrl">The monitor's address when one is served, else empty.</param>
    public static AlertmanagerPayload For(Alert alert, string externalUrl)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var labels = LabelsOf(alert);
        var annotations = AnnotationsOf(alert);
        var status = alert.State == AlertState.Firing ? "firing" : "resolved";
        var groupLabels = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["alertname"] = alert.Name, ["run_id"] = labels["run_id"] };
        var groupKey = "{}:{" + string.Join(", ", groupLabels.Select(l => $"{l.Key}=\"{l.Value}\"")) + "}";
        var generator = GeneratorUrl(externalUrl);
        var entry = new AlertmanagerAlert(status, labels, annotations, Time(alert.StartsAt),
            alert.EndsAt is { } end ? Time(end) : NoEnd, generator, Fingerprint(labels));
        return new AlertmanagerPayload("4", groupKey, 0, status, ReceiverName, groupLabels, labels, annotations, externalUrl, [entry]);
    }

    /// <summary>An alert's labels as Alertmanager takes them: <c>alertname</c>, <c>severity</c>, <c>run_id</c> and <c>task_id</c> when it has one.</summary>
    public static SortedDictionary<string, string> LabelsOf(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["alertname"] = alert.Name,
            ["severity"] = alert.Severity.ToString().ToLowerInvariant(),
        };
        foreach (var (key, value) in alert.Labels) labels[key] = value;
        return labels;
    }

    /// <summary>An alert's <c>summary</c> and <c>description</c>.</summary>
    public static SortedDictionary<string, string> AnnotationsOf(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return new(StringComparer.Ordinal) { ["summary"] = alert.Summary, ["description"] = alert.Description };
    }

    /// <summary>The address of the monitor's alerts, or empty without a monitor.</summary>
    public static string GeneratorUrl(string externalUrl) => externalUrl.Length == 0 ? "" : externalUrl.TrimEnd('/') + "/api/v1/alerts";

    /// <summary>A time as Alertmanager writes it (UTC, milliseconds).</summary>
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);

    private static string Fingerprint(IReadOnlyDictionary<string, string> labels)
    {
        var text = string.Join("\u00ff", labels.Select(l => l.Key + "\u00fe" + l.Value));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }
}

public sealed record AlertmanagerAlert(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("labels")] IReadOnlyDictionary<string, string> Labels,
    [property: JsonPropertyName("annotations")] IReadOnlyDictionary<string, string> Annotations,
    [property: JsonPropertyName("startsAt")] string StartsAt,
    [property: JsonPropertyName("endsAt")] string EndsAt,
    [property: JsonPropertyName("generatorURL")] string GeneratorUrl,
    [property: JsonPropertyName("fingerprint")] string Fingerprint);
