using Microsoft.Extensions.Logging;
using Prometheus;
using TaskMaster.Core.Events;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.State;
using TaskMaster.Monitor.Alerts;
using TaskMaster.Monitor.Feed;
using TaskMaster.Monitor.History;

namespace TaskMaster.Monitor;

/// <summary>
/// History and alerts of one run, composed in one place: retention at the start, the run's figures
/// (an <see cref="IRunObserver"/> to add to the scheduler's observers), the sampler, the alert rules,
/// the webhook. Works with or without a dashboard: without a feed or a registry the samples are
/// still persisted and the alerts logged and sent (webhook, Alertmanager). When the run has ended it takes the final sample
/// at once (alerts of a run that ended resolve), so that the dashboard gets it before the feed ends and
/// its charts end on the figures its header shows; disposing it takes one if none was, then lets the
/// notifiers empty their queues for a few seconds.
/// </summary>
public sealed class MonitorInsights : IRunObserver, IAsyncDisposable
{
    private readonly RunFigures _figures = new();
    private readonly List<IAlertNotifier> _notifiers = [];
    private readonly HistorySampler _sampler;
    private int _disposed;
    private int _finalTaken;

    private MonitorInsights(InsightsSettings settings, TimeProvider time, ILoggerFactory loggers, IMonitorFeed? feed, CollectorRegistry? registry)
    {
        Settings = settings;
        if (settings.Webhook is { } webhook) _notifiers.Add(new AlertWebhook(webhook, time, loggers.CreateLogger<AlertWebhook>()));
        if (settings.Alertmanager is { } alertmanager) _notifiers.Add(new AlertmanagerPoster(alertmanager, time, loggers.CreateLogger<AlertmanagerPoster>()));
        Alerts = new AlertCenter(settings.Home, settings.RunId, loggers.CreateLogger<AlertCenter>(), feed, registry, _notifiers);
        // The worst of the ways out is the one a person must hear of.
        _sampler = new HistorySampler(settings, time, _figures, Alerts,
            () => _notifiers.Count == 0 ? WebhookHealth.None : _notifiers.Max(n => n.Health), feed, loggers.CreateLogger<HistorySampler>());
    }

    public InsightsSettings Settings { get; }

    public AlertCenter Alerts { get; }

    /// <summary>The newest sample; null before the first.</summary>
    public HistorySample? LastSample => _sampler.Last;

    /// <summary>
    /// Starts history and alerts for a run. Call before the scheduler starts and add the result to its observers.
    /// </summary>
    /// <param name="feed">The dashboard's live feed; null when none is served.</param>
    /// <param name="registry">Where <c>taskmaster_alerts_firing</c> is exported; null without <c>/metrics</c>.</param>
    /// <exception cref="ArgumentException">The settings are invalid (the message names each).</exception>
    public static MonitorInsights Start(
        InsightsSettings settings, TimeProvider time, ILoggerFactory loggers, IMonitorFeed? feed = null, CollectorRegistry? registry = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Validate() is { Count: > 0 } problems) throw new ArgumentException(string.Join("; ", problems), nameof(settings));
        MonitoringRetention.RemoveOlderThan(settings.Home, settings.Retain, time.GetUtcNow(), keepRunId: settings.RunId);
        var insights = new MonitorInsights(settings, time, loggers, feed, registry);
        insights._sampler.Start();
        return insights;
    }

    public void OnEvent(RunEvent e, RunState state) => _figures.OnEvent(e, state);

    /// <summary>The run's record is complete: its last sample now, on the scheduler's loop, once (a few milliseconds, at the very end).</summary>
    public void OnRunEnded(RunState state) => TakeFinalSample();

    public async ValueTask DisposeAsync()
    {
        // Once: a lingering monitor stops sampling when the run ends, before the executor's own disposal.
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _sampler.Dispose();
        TakeFinalSample();
        await Task.WhenAll(_notifiers.Select(n => n.DisposeAsync().AsTask())).ConfigureAwait(false);
    }

    private void TakeFinalSample()
    {
        if (_figures.Current.Status == RunStatus.NotStarted || Interlocked.Exchange(ref _finalTaken, 1) == 1) return;
        // No sample after the final one: the history ends with the run.
        _sampler.Dispose();
        _sampler.Tick(final: true);
    }
}
