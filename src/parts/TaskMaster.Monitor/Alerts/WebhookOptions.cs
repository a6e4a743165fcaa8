using System.ComponentModel.DataAnnotations;

namespace TaskMaster.Monitor.Alerts;

/// <summary>Where and how alerts are POSTed (<c>--notify-webhook</c>).</summary>
public sealed class WebhookOptions
{
    [Required]
    public Uri? Url { get; set; }

    /// <summary>The monitor's address for <c>externalURL</c> and <c>generatorURL</c>; empty without one.</summary>
    public string ExternalUrl { get; set; } = "";

    /// <summary>Retries after a failed POST (connection error, timeout, 5xx, 429).</summary>
    [Range(1, 20)]
    public int MaxRetries { get; set; } = 4;

    /// <summary>The first retry's delay; each next one doubles it, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Notifications waiting to be sent; when full the oldest is dropped (and logged).</summary>
    [Range(1, 100_000)]
    public int QueueCapacity { get; set; } = 256;

    /// <summary>How long the end of a run waits for the queue to empty before giving up on it.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
