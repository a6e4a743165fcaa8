using System.ComponentModel.DataAnnotations;

namespace TaskMaster.Monitor.Alerts;

/// <summary>How alerts are delivered over HTTP: retries, timeouts and the wait at the run's end, the same for every receiver.</summary>
public abstract class AlertDeliveryOptions
{
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

    /// <summary>How long the end of a run waits for what is queued to be sent before giving up on it.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
