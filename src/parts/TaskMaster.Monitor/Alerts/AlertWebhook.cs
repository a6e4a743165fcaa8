using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Polly;

namespace TaskMaster.Monitor.Alerts;

/// <summary>
/// POSTs alerts to <c>--notify-webhook</c> in Alertmanager's format, from a bounded queue drained
/// by one background task with Polly's retry (exponential backoff with jitter) and a timeout per
/// attempt. <see cref="Enqueue"/> never blocks and never fails: a slow, failing or hanging receiver
/// never stops or slows the run; its state shows as <see cref="Health"/>.
/// </summary>
public sealed partial class AlertWebhook : IAlertNotifier
{
    private readonly WebhookOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly HttpClient _client;
    private readonly Channel<Alert> _queue;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _worker;
    private volatile WebhookHealth _health = WebhookHealth.Ok;
    private int _delivered;

    public AlertWebhook(WebhookOptions options, TimeProvider time, ILogger logger, HttpMessageHandler? handler = null)
    {
        _options = options;
        _time = time;
        _logger = logger;
        _client = AlertDelivery.CreateClient(handler);
        _queue = Channel.CreateBounded<Alert>(new BoundedChannelOptions(options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        }, dropped =>
        {
            _health = WebhookHealth.Degraded;
            LogDropped(_logger, dropped.Name, dropped.State.ToString(), options.QueueCapacity);
        });
        _pipeline = AlertDelivery.CreatePipeline(options, time, (attempt, outcome) =>
        {
            _health = WebhookHealth.Degraded;
            LogRetry(_logger, attempt, outcome);
        });
        _worker = Task.Run(DrainAsync);
    }

    public WebhookHealth Health => _health;

    /// <summary>Notifications delivered so far.</summary>
    public int Delivered => Volatile.Read(ref _delivered);

    /// <summary>Queues a notification of <paramref name="alert"/>'s change; returns at once.</summary>
    public void Enqueue(Alert alert) => _queue.Writer.TryWrite(alert);

    private async Task DrainAsync()
    {
        try
        {
            await foreach (var alert in _queue.Reader.ReadAllAsync(_stopping.Token).ConfigureAwait(false))
                await SendAsync(alert).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The run ended and the queue did not empty in time.
        }
    }

    private async Task SendAsync(Alert alert)
    {
        var (failure, attempts) = await AlertDelivery.PostAsync(
            _client, _pipeline, _options.Url!, AlertmanagerPayload.For(alert, _options.ExternalUrl), _stopping.Token).ConfigureAwait(false);
        _health = AlertDelivery.HealthAfter(failure, attempts);
        if (failure is null) Interlocked.Increment(ref _delivered);
        else LogGaveUp(_logger, alert.Name, failure, attempts);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await AlertDelivery.StopAsync(_worker, _stopping, _options.DrainTimeout, _time, () => LogDrainTimedOut(_logger, _options.DrainTimeout)).ConfigureAwait(false);
        _client.Dispose();
        _stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert webhook: attempt {Attempt} after {Outcome}")]
    private static partial void LogRetry(ILogger logger, int attempt, string outcome);

    [LoggerMessage(Level = LogLevel.Error, Message = "Alert webhook: gave up on the {AlertName} notification after {Attempts} attempt(s): {Reason}")]
    private static partial void LogGaveUp(ILogger logger, string alertName, string reason, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert webhook: queue full ({Capacity}); dropped the oldest notification ({AlertName} {State})")]
    private static partial void LogDropped(ILogger logger, string alertName, string state, int capacity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert webhook: notifications still queued after {Timeout}; dropped at the run's end")]
    private static partial void LogDrainTimedOut(ILogger logger, TimeSpan timeout);
}
