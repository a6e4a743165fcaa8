using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Prometheus;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.Storage;
using TaskMaster.LocalHome;
using TaskMaster.Monitor.Feed;
using TaskMaster.Monitor.History;

namespace TaskMaster.Monitor.Alerts;

/// <summary>
/// Where an alert's change goes: the log (warning when it fires), the feed (<c>alert</c>), the gauge
/// <c>taskmaster_alerts_firing{alertname}</c>, the notifiers (webhook, Alertmanager), and the run's <c>alerts.jsonl</c> (so the
/// history and the report keep them). Keeps the recent alerts for <c>GET /api/v1/alerts</c>. Thread-safe.
/// </summary>
public sealed partial class AlertCenter
{
    /// <summary>How many resolved alerts are kept in memory for the API (all are in the file).</summary>
    public const int RecentLimit = 200;

    private readonly Lock _gate = new();
    private readonly List<Alert> _recent = [];
    private readonly string _file;
    private readonly ILogger _logger;
    private readonly IMonitorFeed? _feed;
    private readonly Gauge? _gauge;
    private readonly IReadOnlyList<IAlertNotifier> _notifiers;

    public AlertCenter(HomeLayout home, string runId, ILogger logger, IMonitorFeed? feed, CollectorRegistry? registry, IEnumerable<IAlertNotifier>? notifiers)
    {
        _file = MonitoringLayout.AlertsFile(home, runId);
        _logger = logger;
        _feed = feed;
        _notifiers = [.. notifiers ?? []];
        if (registry is not null)
        {
            _gauge = Prometheus.Metrics.WithCustomRegistry(registry).CreateGauge("taskmaster_alerts_firing",
                "Alerts firing now, by name (docs/monitoring-history.md).", "alertname");
            foreach (var name in AlertNames.All) _gauge.WithLabels(name).Set(0);
        }
        var recorded = ReadFile(_file);
        // A previous executor of this run (killed, then resumed) may have left alerts firing: they show as firing
        // until this executor judges them (AlertTracker), never forever.
        Inherited = recorded.Where(a => a.State == AlertState.Firing).ToList();
        _recent.AddRange(recorded.Where(a => a.State == AlertState.Resolved).TakeLast(RecentLimit));
        _recent.AddRange(Inherited);
        foreach (var name in Inherited.Select(a => a.Name).Distinct(StringComparer.Ordinal))
            _gauge?.WithLabels(name).Set(Inherited.Count(a => a.Name == name));
    }

    /// <summary>The alerts of this run still firing when its previous executor ended; empty for a new run.</summary>
    public IReadOnlyList<Alert> Inherited { get; }

    /// <summary>The firing alerts first, then the recent resolved ones, newest first.</summary>
    public IReadOnlyList<Alert> Recent
    {
        get
        {
            lock (_gate) return Newest(_recent);
        }
    }

    /// <summary>The firing alerts, then the newest <see cref="RecentLimit"/> resolved ones, each newest first.</summary>
    public static IReadOnlyList<Alert> Newest(IReadOnlyList<Alert> alerts) =>
        [.. alerts.Where(a => a.State == AlertState.Firing).Reverse(), .. alerts.Where(a => a.State == AlertState.Resolved).Reverse().Take(RecentLimit)];

    public void Publish(IReadOnlyList<Alert> changes)
    {
        foreach (var alert in changes)
        {
            lock (_gate)
            {
                _recent.RemoveAll(a => a.Id == alert.Id);
                _recent.Add(alert);
                if (_recent.Count > RecentLimit && _recent.FindIndex(a => a.State == AlertState.Resolved) is >= 0 and var oldest) _recent.RemoveAt(oldest);
                _gauge?.WithLabels(alert.Name).Set(_recent.Count(a => a.Name == alert.Name && a.State == AlertState.Firing));
            }
            if (alert.State == AlertState.Firing) LogFired(_logger, alert.Name, alert.Severity.ToString().ToLowerInvariant(), alert.Summary, alert.Description);
            else LogResolved(_logger, alert.Name, alert.Summary);
            Persist(alert);
            _feed?.Publish("alert", InsightsJson.ToElement(alert));
            foreach (var notifier in _notifiers) notifier.Enqueue(alert);
        }
    }

    /// <summary>Every alert a run's file records, each in its latest state, in the order they fired.</summary>
    public static IReadOnlyList<Alert> ReadFile(string path)
    {
        if (!File.Exists(path)) return [];
        var byId = new Dictionary<string, Alert>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var line in File.ReadLines(path))
        {
            Alert? alert;
            try { alert = line.Length == 0 ? null : JsonSerializer.Deserialize<Alert>(line, InsightsJson.Options); }
            catch (JsonException) { continue; }
            if (alert is null) continue;
            if (!byId.ContainsKey(alert.Id)) order.Add(alert.Id);
            byId[alert.Id] = alert;
        }
        return order.Select(id => byId[id]).ToList();
    }

    private void Persist(Alert alert)
    {
        try
        {
            PrivateFiles.CreateParentOf(_file);
            PrivateFiles.AppendAllText(_file, JsonSerializer.Serialize(alert, InsightsJson.Options) + "\n");
        }
        catch (IOException e)
        {
            LogNotPersisted(_logger, alert.Name, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert {AlertName} ({Severity}) firing: {Summary}. {Description}")]
    private static partial void LogFired(ILogger logger, string alertName, string severity, string summary, string description);

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert {AlertName} resolved: {Summary}")]
    private static partial void LogResolved(ILogger logger, string alertName, string summary);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert {AlertName} could not be written to the run's alerts file: {Reason}")]
    private static partial void LogNotPersisted(ILogger logger, string alertName, string reason);
}
