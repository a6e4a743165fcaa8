using System.CommandLine;
using TaskMaster.Cli.Parsing;
using TaskMaster.Core.Policies;
using TaskMaster.Core.Queue;
using TaskMaster.Core.Scheduling;
using TaskMaster.LocalHome;
using TaskMaster.Monitor;
using TaskMaster.Monitor.Alerts;

namespace TaskMaster.Cli.Commands;

/// <summary>
/// The options of history and alerts for the commands that run a queue (docs/monitoring-history.md).
/// They work with or without <c>--monitor</c>: samples are persisted, alerts logged and POSTed either way.
/// </summary>
internal sealed class MonitoringOptions
{
    private static readonly AlertOptions Defaults = new();

    public Option<string?> UpdateInterval { get; } = CliOptions.Duration("--update-interval",
        "Take a monitoring sample (CPU, memory, I/O, run figures, each running task's processes) this often, and evaluate the alerts. " +
        "Default: the home's monitor.json (monitor-init --update-interval), else 1s.", TimeSpan.FromMilliseconds(50), TimeSpan.FromHours(1));

    public Option<string> Retain { get; } = CliOptions.Duration("--monitor-retain",
        "Remove the monitoring data (samples, alerts) of runs last written longer ago than this, at the start of a run.",
        TimeSpan.FromSeconds(1), TimeSpan.FromDays(3650), "30d");

    public Option<Uri?> NotifyWebhook { get; } = CliOptions.Url("--notify-webhook",
        "POST every alert as it fires and resolves to this URL, in Alertmanager's webhook format (version 4), " +
        "with retries and backoff; a slow or failing receiver never slows the run.", "http://127.0.0.1:9093/hook");

    public Option<Uri?> Alertmanager { get; } = CliOptions.Url("--alertmanager",
        "Also post every alert to this Alertmanager's /api/v2/alerts as Prometheus does (labels alertname, severity, run_id, task_id), " +
        "again every minute while it fires, and with its end once resolved, so that its routing, grouping and silences apply.", "http://127.0.0.1:9093/");

    public Option<string> StallAfter { get; } = CliOptions.Duration("--alert-stall-after",
        "RunStalled fires when work is left and no attempt started, progressed or ended for this long.",
        TimeSpan.FromSeconds(1), TimeSpan.FromDays(30), Format(Defaults.StallAfter));

    public Option<double> ErrorRate { get; } = CliOptions.Number("--alert-error-rate",
        "HighErrorRate fires when more than this share (0–1) of the attempts that ended in --alert-error-window failed.", 0.01, 1, Defaults.ErrorRateThreshold);

    public Option<string> ErrorWindow { get; } = CliOptions.Duration("--alert-error-window", "The window of HighErrorRate.",
        TimeSpan.FromSeconds(1), TimeSpan.FromDays(1), Format(Defaults.ErrorRateWindow));

    public Option<double> ThroughputRatio { get; } = CliOptions.Number("--alert-throughput-ratio",
        "ThroughputDegraded fires when tasks finish, over the last 5 minutes, at less than this share of the run's own rate before.", 0.01, 0.99, Defaults.ThroughputRatio);

    public Option<double> MemoryRatio { get; } = CliOptions.Number("--alert-memory-ratio",
        "MemoryOverBudget fires when the executor's memory exceeds this share of its O(√n) budget.", 0.1, 100, Defaults.MemoryBudgetRatio);

    public Option<MemoryBudget> MemoryBudget { get; } = CliOptions.Custom<MemoryBudget>("--memory-budget",
        "The executor's O(√n) memory budget as BASE+PER: BASE + PER × √(number of tasks), sizes as in a queue. " +
        $"Resident memory is shown against it; MemoryOverBudget fires above it. Default: {Core.Policies.MemoryBudget.Default}.",
        "BASE+PER with two sizes, e.g. 256Mi+1Mi", Core.Policies.MemoryBudget.TryParse, Core.Policies.MemoryBudget.Default, "BASE+PER");

    public Option<int> PersistentFailures { get; } = CliOptions.WholeNumber("--alert-persistent-failures",
        "PersistentFailures fires for a task that failed this many attempts in a row, or failed for good.", 1, 1000, Defaults.PersistentFailureCount);

    public Option<string> ResolveAfter { get; } = CliOptions.Duration("--alert-resolve-after",
        "An alert resolves only once its condition has been clear this long (no flapping).",
        TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(1), Format(Defaults.ResolveAfter));

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { UpdateInterval, Retain, NotifyWebhook, Alertmanager, StallAfter, ErrorRate, ErrorWindow, ThroughputRatio, MemoryRatio, MemoryBudget, PersistentFailures, ResolveAfter })
            command.Options.Add(option);
    }

    public MonitoringSettings Read(ParseResult result) => new(
        result.GetValue(UpdateInterval) is { } interval ? Span(interval) : null, Span(result, Retain), result.GetValue(NotifyWebhook),
        new AlertOptions
        {
            StallAfter = Span(result, StallAfter),
            ErrorRateThreshold = result.GetValue(ErrorRate),
            ErrorRateWindow = Span(result, ErrorWindow),
            ThroughputRatio = result.GetValue(ThroughputRatio),
            MemoryBudgetRatio = result.GetValue(MemoryRatio),
            PersistentFailureCount = result.GetValue(PersistentFailures),
            ResolveAfter = Span(result, ResolveAfter),
        })
    {
        MemoryBudget = result.GetValue(MemoryBudget) ?? Core.Policies.MemoryBudget.Default,
        Alertmanager = result.GetValue(Alertmanager),
    };

    private static TimeSpan Span(ParseResult result, Option<string> option) => Span(result.GetValue(option) ?? "");

    private static TimeSpan Span(string text) => DurationFormat.TryParse(text, out var span) ? span : TimeSpan.Zero;

    private static string Format(TimeSpan span) => DurationFormat.Format(span);
}

/// <summary>History and alerts as the command line asked for them.</summary>
/// <param name="UpdateInterval">Null when the command line did not say.</param>
internal sealed record MonitoringSettings(TimeSpan? UpdateInterval, TimeSpan Retain, Uri? NotifyWebhook, AlertOptions Alerts)
{
    /// <summary>The executor's O(√n) memory budget (<c>--memory-budget</c>).</summary>
    public MemoryBudget MemoryBudget { get; init; } = MemoryBudget.Default;

    /// <summary>The Alertmanager alerts are also posted to (<c>--alertmanager</c>); null without.</summary>
    public Uri? Alertmanager { get; init; }

    public static MonitoringSettings Default { get; } = new(null, TimeSpan.FromDays(30), null, new AlertOptions());

    /// <summary>The settings of <see cref="MonitorInsights"/> for one run.</summary>
    /// <param name="savedInterval">The home's saved update interval (monitor.json), used when the command line did not say.</param>
    public InsightsSettings For(HomeLayout home, string runId, TimeSpan checkpointInterval, string monitorUrl = "", TimeSpan? savedInterval = null) => new()
    {
        Home = home,
        RunId = runId,
        MemoryBudget = MemoryBudget,
        UpdateInterval = UpdateInterval ?? savedInterval ?? TimeSpan.FromSeconds(1),
        Retain = Retain,
        Alerts = Alerts with { CheckpointInterval = checkpointInterval },
        Webhook = NotifyWebhook is null ? null : new WebhookOptions { Url = NotifyWebhook, ExternalUrl = monitorUrl },
        Alertmanager = Alertmanager is null ? null : new AlertmanagerOptions { Url = Alertmanager, ExternalUrl = monitorUrl },
    };
}
