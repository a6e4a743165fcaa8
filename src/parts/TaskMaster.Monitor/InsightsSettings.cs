using System.ComponentModel.DataAnnotations;
using TaskMaster.Core.Policies;
using TaskMaster.Core.Scheduling;
using TaskMaster.LocalHome;
using TaskMaster.Monitor.Alerts;
using TaskMaster.Monitor.History;

namespace TaskMaster.Monitor;

/// <summary>What <see cref="MonitorInsights"/> needs to know of the run and of its command line.</summary>
public sealed class InsightsSettings
{
    public required HomeLayout Home { get; init; }

    [Required]
    public required string RunId { get; init; }

    /// <summary>How often a sample is taken (<c>--update-interval</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan UpdateInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Monitoring data of runs last written longer ago is removed at the start (<c>--monitor-retain</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00")]
    public TimeSpan Retain { get; init; } = MonitoringRetention.DefaultRetain;

    public MemoryBudget MemoryBudget { get; init; } = MemoryBudget.Default;

    /// <summary>
    /// Whether the samples carry this process's CPU, memory (against <see cref="MemoryBudget"/>) and disk
    /// and the run's task process groups: true where this process runs the run (embedded). The monitor
    /// service runs none of it (the scheduler and the workers do, and export their own process metrics),
    /// so its samples carry the run's figures with zeros there, and no memory alert.
    /// </summary>
    public bool SampleThisProcess { get; init; } = true;

    public AlertOptions Alerts { get; init; } = new();

    /// <summary>Null without <c>--notify-webhook</c>.</summary>
    public WebhookOptions? Webhook { get; init; }

    /// <summary>Null without <c>--alertmanager</c>.</summary>
    public AlertmanagerOptions? Alertmanager { get; init; }

    /// <summary>Every problem with these settings, each naming its setting.</summary>
    public IReadOnlyList<string> Validate()
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true);
        if (Webhook is not null) Validator.TryValidateObject(Webhook, new ValidationContext(Webhook), results, validateAllProperties: true);
        if (Alertmanager is not null) Validator.TryValidateObject(Alertmanager, new ValidationContext(Alertmanager), results, validateAllProperties: true);
        return [.. results.Select(r => r.ErrorMessage ?? ""), .. Alerts.Validate()];
    }
}
