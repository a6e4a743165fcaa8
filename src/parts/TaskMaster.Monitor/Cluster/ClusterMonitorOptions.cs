using System.ComponentModel.DataAnnotations;
using TaskMaster.Monitor.Alerts;

namespace TaskMaster.Monitor.Cluster;

/// <summary>The monitor service's own settings: <c>TASKMASTER_MONITOR__*</c>.</summary>
public sealed class ClusterMonitorOptions : IValidatableObject
{
    public const string Section = "Monitor";

    /// <summary>How often the run catalog is read for new and ended runs (<c>TASKMASTER_MONITOR__CATALOGINTERVAL</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan CatalogInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Runs followed at most, the newest first; older ones are listed but not folded (<c>TASKMASTER_MONITOR__MAXRUNS</c>).</summary>
    [Range(1, 10_000)]
    public int MaxRuns { get; set; } = 100;

    /// <summary>Where each run's monitoring files go (<c>TASKMASTER_MONITOR__DATADIRECTORY</c>).</summary>
    [Required(AllowEmptyStrings = false)]
    public string DataDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "taskmaster-monitor");

    /// <summary>Where every run's alerts are POSTed (<c>TASKMASTER_MONITOR__WEBHOOK__URL</c>, as <c>--notify-webhook</c>); null: nowhere.</summary>
    public WebhookOptions? Webhook { get; set; }

    /// <summary>The Alertmanager every run's alerts are posted to (<c>TASKMASTER_MONITOR__ALERTMANAGER__URL</c>, as <c>--alertmanager</c>); null: none.</summary>
    public AlertmanagerOptions? Alertmanager { get; set; }

    // The data annotations of the receivers' settings, checked with these (the validator does not descend by itself).
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var results = new List<ValidationResult>();
        foreach (var (name, receiver) in new (string, object?)[] { (nameof(Webhook), Webhook), (nameof(Alertmanager), Alertmanager) })
        {
            if (receiver is null) continue;
            var found = new List<ValidationResult>();
            Validator.TryValidateObject(receiver, new ValidationContext(receiver), found, validateAllProperties: true);
            results.AddRange(found.Select(r => new ValidationResult(
                $"TASKMASTER_{Section.ToUpperInvariant()}__{name.ToUpperInvariant()}__{string.Join(",", r.MemberNames).ToUpperInvariant()}: {r.ErrorMessage}")));
        }
        return results;
    }
}
