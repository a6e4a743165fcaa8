using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Polly;

namespace TaskMaster.Monitor.Alerts;

/// <summary>
/// Posts alerts straight to an Alertmanager's <c>/api/v2/alerts</c> as Prometheus does, so that its
/// routing, grouping, inhibitions and silences apply: every firing alert is posted when it fires and
/// again every <see cref="AlertmanagerOptions.ResendInterval"/>, valid for four intervals (so an
/// Alertmanager that restarted learns it again and one that no longer hears of it resolves it); a
/// resolved alert is posted once with its <c>endsAt</c>. One background task does the posting, with
/// Polly's retry and a timeout per attempt; <see cref="Enqueue"/> never blocks and never fails.
/// </summary>
public sealed partial class AlertmanagerPoster : IAlertNotifier
{
    /// <summary>A firing alert is valid this many resend intervals (Prometheus's factor).</summary>
    public const int ValidityFactor = 4;

    private readonly AlertmanagerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly HttpClient _client;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly Channel<Alert> _changes = Channel.CreateUnbounded<Alert>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    // By alert id; only the posting task touches them.
    private readonly Dictionary<string, Alert> _firing = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Alert> _resolved = new(StringComparer.Ordinal);
    private readonly Task _worker;
    private DateTimeOffset _resendAt;
    private volatile WebhookHealth _health = WebhookHealth.Ok;
    private int _posts;

    public AlertmanagerPoster(AlertmanagerOptions options, TimeProvider time, ILogger logger, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _time = time;
        _logger = logger;
        _client = AlertDelivery.CreateClient(handler);
        _pipeline = AlertDelivery.CreatePipeline(options, time, (attempt, outcome) =>
        {
            _health = WebhookHealth.Degraded;
            LogRetry(_logger, attempt, outcome);
        });
        _worker = Task.Run(RunAsync);
    }

    public WebhookHealth Health => _health;

    /// <summary>Posts Alertmanager accepted so far (each carries every alert firing then).</summary>
    public int Posts => Volatile.Read(ref _posts);

    public void Enqueue(Alert alert) => _changes.Writer.TryWrite(alert);

    private async Task RunAsync()
    {
        try
        {
            var open = true;
            while (open)
            {
                open = await WaitForChangeOrResendAsync().ConfigureAwait(false);
                while (_changes.Reader.TryRead(out var alert)) Take(alert);
                if (_firing.Count + _resolved.Count > 0) await PostAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The run ended and the last post did not get through in time.
        }
    }

    // True when a change came or a resend is due; false once no change can come (disposed). The resend is due
    // an interval after the last post began, whenever this wait begins.
    private async Task<bool> WaitForChangeOrResendAsync()
    {
        var due = _firing.Count == 0 ? Timeout.InfiniteTimeSpan : _resendAt - _time.GetUtcNow();
        if (due != Timeout.InfiniteTimeSpan && due <= TimeSpan.Zero) return true;
        using var resend = new CancellationTokenSource(due, _time);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(resend.Token, _stopping.Token);
        try
        {
            return await _changes.Reader.WaitToReadAsync(wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (resend.IsCancellationRequested && !_stopping.IsCancellationRequested)
        {
            return true;
        }
    }

    private void Take(Alert alert)
    {
        if (alert.State == AlertState.Firing)
        {
            _firing[alert.Id] = alert;
            return;
        }
        _firing.Remove(alert.Id);
        _resolved[alert.Id] = alert;
    }

    private async Task PostAsync()
    {
        var now = _time.GetUtcNow();
        _resendAt = now + _options.ResendInterval;
        var validUntil = now + ValidityFactor * _options.ResendInterval;
        var alerts = _firing.Values.Concat(_resolved.Values).Select(a => PostableAlert.For(a, validUntil, _options.ExternalUrl)).ToList();
        var (failure, attempts) = await AlertDelivery.PostAsync(_client, _pipeline, _options.AlertsUrl, alerts, _stopping.Token).ConfigureAwait(false);
        _health = AlertDelivery.HealthAfter(failure, attempts);
        if (failure is not null)
        {
            // The resolved ones stay queued: the next change or resend tells them again.
            LogGaveUp(_logger, alerts.Count, failure, attempts);
            return;
        }
        // Alertmanager has them: a resolved alert needs telling once.
        _resolved.Clear();
        Interlocked.Increment(ref _posts);
    }

    public async ValueTask DisposeAsync()
    {
        _changes.Writer.TryComplete();
        await AlertDelivery.StopAsync(_worker, _stopping, _options.DrainTimeout, _time, () => LogDrainTimedOut(_logger, _options.DrainTimeout)).ConfigureAwait(false);
        _client.Dispose();
        _stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alertmanager: attempt {Attempt} after {Outcome}")]
    private static partial void LogRetry(ILogger logger, int attempt, string outcome);

    [LoggerMessage(Level = LogLevel.Error, Message = "Alertmanager: gave up posting {Count} alert(s) after {Attempts} attempt(s): {Reason}")]
    private static partial void LogGaveUp(ILogger logger, int count, string reason, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alertmanager: alerts still unposted after {Timeout}; dropped at the run's end")]
    private static partial void LogDrainTimedOut(ILogger logger, TimeSpan timeout);
}
