using Microsoft.Extensions.Logging;
using TaskMaster.Core.Policies;
using TaskMaster.Core.ReadModel;
using TaskMaster.Core.Scheduling;
using TaskMaster.Monitor.Alerts;
using TaskMaster.Monitor.Feed;

namespace TaskMaster.Monitor.History;

/// <summary>
/// Every update interval, on the run's <see cref="TimeProvider"/>: measures the executor and the
/// running tasks' process groups, reads the run's figures, appends the sample to the run's file,
/// publishes it to the feed, and evaluates the alert rules on it. Runs on a timer, never on the
/// scheduler's loop; a failure to measure or to write is logged and the next tick tries again.
/// </summary>
public sealed partial class HistorySampler : IDisposable
{
    private readonly InsightsSettings _settings;
    private readonly TimeProvider _time;
    private readonly RunFigures _figures;
    private readonly ProcessResourceSampler _executor;
    private readonly ProcessGroupSampler _groups;
    private readonly SampleStore _store;
    private readonly AlertTracker _tracker;
    private readonly AlertCenter _alerts;
    private readonly Func<WebhookHealth> _network;
    private readonly IMonitorFeed? _feed;
    private readonly ILogger _logger;
    private readonly Queue<WindowPoint> _window = new();
    private readonly Lock _gate = new();
    // A budget of 0 keeps the memory alert clear.
    private static readonly ResourceUsage NotSampled = new(0, 0, 0, 0, null, null);

    private ITimer? _timer;
    private (long At, long? Read, long? Written) _lastIo;
    private bool _ended;

    public HistorySampler(
        InsightsSettings settings, TimeProvider time, RunFigures figures, AlertCenter alerts, Func<WebhookHealth> network,
        IMonitorFeed? feed, ILogger logger)
    {
        _settings = settings;
        _time = time;
        _figures = figures;
        _alerts = alerts;
        _network = network;
        _feed = feed;
        _logger = logger;
        _executor = new ProcessResourceSampler(time, settings.MemoryBudget);
        _groups = new ProcessGroupSampler(settings.Home, settings.RunId, time);
        _store = new SampleStore(settings.Home, settings.RunId);
        _tracker = new AlertTracker(settings.RunId, settings.Alerts.ResolveAfter, alerts.Inherited);
        _lastIo = (time.GetTimestamp(), null, null);
    }

    /// <summary>The latest sample taken; null before the first.</summary>
    public HistorySample? Last { get; private set; }

    public void Start() => _timer = _time.CreateTimer(_ => Tick(final: false), null, _settings.UpdateInterval, _settings.UpdateInterval);

    /// <summary>Takes one sample now. <paramref name="final"/>: the run has ended; alerts whose condition is clear resolve at once.</summary>
    public void Tick(bool final)
    {
        // A tick that comes while the previous one still runs (a slow disk) is skipped, not queued.
        // The final one waits for a tick in progress instead.
        if (final) _gate.Enter();
        else if (!_gate.TryEnter()) return;
        try
        {
            // A timer tick that was already under way when the final one was taken adds nothing after it; one before
            // the run has started has nothing to judge (a resumed run's inherited alerts wait for its state).
            if (_ended || _figures.Current.Status == Core.State.RunStatus.NotStarted) return;
            _ended = final;
            var sample = Take();
            Last = sample;
            try { _store.Append(sample); }
            catch (IOException e) { LogNotPersisted(_logger, e.Message); }
            _feed?.Publish("sample", InsightsJson.ToElement(sample));
            var input = new AlertInput(_time.GetUtcNow(), sample, _figures.Current, [.. _window], _settings.Alerts);
            _alerts.Publish(_tracker.Evaluate(AlertRules.Evaluate(input), input.Now, final));
        }
        catch (Exception e)
        {
            // Monitoring degrades, the run goes on (PRD-6: gradual degradation of non-critical monitoring).
            LogSampleFailed(_logger, e.Message);
        }
        finally
        {
            _gate.Exit();
        }
    }

    private HistorySample Take()
    {
        var now = _time.GetUtcNow();
        var figures = _figures.Current;
        var (usage, tasks) = _settings.SampleThisProcess ? (_executor.Sample(figures.Total), _groups.Sample()) : (NotSampled, []);
        var (readRate, writeRate) = IoRates(usage.DiskReadBytes, usage.DiskWriteBytes);

        _window.Enqueue(new WindowPoint(now, figures.Finished, figures.EndedAttempts, figures.FailedAttempts));
        var keep = Max(_settings.Alerts.ErrorRateWindow, _settings.Alerts.ThroughputWindow, TimeSpan.FromMinutes(1)) + 2 * _settings.UpdateInterval;
        while (_window.Count > 1 && now - _window.Peek().At > keep) _window.Dequeue();

        return new HistorySample(
            now.ToUnixTimeMilliseconds(), usage.CpuPercent, usage.MemoryBytes, usage.MemoryBudgetBytes,
            readRate, writeRate, _network().ToString().ToLowerInvariant(),
            figures.Running, figures.Finished, figures.FailedTasks,
            Math.Round(figures.ErrorRate, 4), Math.Round(figures.AutonomyScore, 4), Math.Round(figures.Efficiency, 4),
            ThroughputPerMinute(now, figures.Finished), tasks);
    }

    // Tasks finished over the last minute; over the time sampled so far while that is shorter.
    private double ThroughputPerMinute(DateTimeOffset now, int finished)
    {
        var first = _window.FirstOrDefault(p => now - p.At <= TimeSpan.FromMinutes(1)) ?? _window.Peek();
        var minutes = (now - first.At).TotalMinutes;
        return minutes <= 0 ? 0 : Math.Round((finished - first.Finished) / minutes, 2);
    }

    private (double Read, double Written) IoRates(long? read, long? written)
    {
        var now = _time.GetTimestamp();
        var seconds = _time.GetElapsedTime(_lastIo.At, now).TotalSeconds;
        var rates = (Rate(read, _lastIo.Read), Rate(written, _lastIo.Written));
        _lastIo = (now, read, written);
        return rates;

        double Rate(long? value, long? before) =>
            value is { } v && before is { } b && seconds > 0 ? Math.Round(Math.Max(0, v - b) / seconds, 1) : 0;
    }

    private static TimeSpan Max(params TimeSpan[] spans) => spans.Max();

    public void Dispose() => _timer?.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Monitoring sample could not be written: {Reason}")]
    private static partial void LogNotPersisted(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Monitoring sample failed: {Reason}")]
    private static partial void LogSampleFailed(ILogger logger, string reason);
}
