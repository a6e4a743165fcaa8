using System.ComponentModel.DataAnnotations;

namespace TaskMaster.Monitor.Alerts;

/// <summary>The Alertmanager alerts are posted to (<c>--alertmanager</c>), as Prometheus posts its own.</summary>
public sealed class AlertmanagerOptions : AlertDeliveryOptions
{
    /// <summary>Alertmanager's base address, e.g. <c>http://127.0.0.1:9093/</c>; alerts go to its <c>api/v2/alerts</c>.</summary>
    [Required]
    public Uri? Url { get; set; }

    /// <summary>
    /// Firing alerts are posted again this often (Prometheus's <c>--rules.alert.resend-delay</c>), each
    /// valid for four times as long: an Alertmanager that restarted learns them again, and one that
    /// stops hearing of them (the monitor died) resolves them by itself.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan ResendInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Where alerts are posted: Alertmanager's v2 API under <see cref="Url"/> (kept when it has a path prefix).</summary>
    public Uri AlertsUrl => new(new Uri(Url!.ToString().TrimEnd('/') + "/"), "api/v2/alerts");
}
