namespace TaskMaster.Monitor.Alerts;

/// <summary>Something outside the run told of every alert's change: the webhook, an Alertmanager.</summary>
public interface IAlertNotifier : IAsyncDisposable
{
    /// <summary>Queues <paramref name="alert"/>'s change; returns at once, never fails.</summary>
    void Enqueue(Alert alert);

    /// <summary>How the way to it is doing (a sample's <c>network</c>).</summary>
    WebhookHealth Health { get; }
}
