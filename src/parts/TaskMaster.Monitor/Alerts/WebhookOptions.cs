using System.ComponentModel.DataAnnotations;

namespace TaskMaster.Monitor.Alerts;

/// <summary>Where and how alerts are POSTed (<c>--notify-webhook</c>).</summary>
public sealed class WebhookOptions : AlertDeliveryOptions
{
    [Required]
    public Uri? Url { get; set; }

    /// <summary>Notifications waiting to be sent; when full the oldest is dropped (and logged).</summary>
    [Range(1, 100_000)]
    public int QueueCapacity { get; set; } = 256;
}
