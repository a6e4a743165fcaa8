namespace TaskMaster.Monitor.Alerts;

/// <summary>
/// The <c>network</c> field of a sample: how the way out to the monitoring system (the alert
/// webhook) is doing. <see cref="None"/>: no webhook is configured, nothing external to reach.
/// </summary>
public enum WebhookHealth
{
    None,

    /// <summary>Nothing sent yet, or the last notification was delivered at its first try.</summary>
    Ok,

    /// <summary>The last notification needed retries, is being retried, or one was dropped (queue full).</summary>
    Degraded,

    /// <summary>The last notification could not be delivered after every retry.</summary>
    Down,
}
