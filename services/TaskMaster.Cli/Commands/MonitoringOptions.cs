using System.CommandLine;
using TaskMaster.Core.Policies;
using TaskMaster.Core.Queue;
using TaskMaster.Core.Scheduling;
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

    public Option<string?> UpdateInterval { get; } = OptionalDuration("--update-interval", TimeSpan.FromMilliseconds(50), TimeSpan.FromHours(1),
        "Take a monitoring sample (CPU, memory, I/O, run figures, each running task's processes) this often, and evaluate the alerts. " +
        "Default: the home's monitor.json (monitor-init --update-interval), else 1s.");

    public Option<string> Retain { get; } = Duration("--monitor-retain", "30d", TimeSpan.FromSeconds(1), TimeSpan.FromDays(3650),
        "Remove the monitoring data (samples, alerts) of runs last written longer ago than this, at the start of a run.");

    public Option<Uri?> NotifyWebhook { get; } = new("--notify-webhook")
    {
        Description = "POST every alert as it fires and resolves to this URL, in Alertmanager's webhook format (version 4), " +
                      "with retries and backoff; a slow or failing receiver never slows the run.",
        CustomParser = r => Uri.TryCreate(r.Tokens.Single().Value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : Fail<Uri?>(r, $"--notify-webhook: '{r.Tokens.Single().Value}' is not an http(s) URL."),
    };

    public Option<string> StallAfter { get; } = Duration("--alert-stall-after", Format(Defaults.StallAfter), TimeSpan.FromSeconds(1), TimeSpan.FromDays(30),
        "RunStalled fires when work is left and no attempt started, progressed or ended for this long.");

    public Option<double> ErrorRate { get; } = Number("--alert-error-rate", Defaults.ErrorRateThreshold,
        "HighErrorRate fires when more than this share (0–1) of the attempts that ended in --alert-error-window failed.", 0.01, 1);

    public Option<string> ErrorWindow { get; } = Duration("--alert-error-window", Format(Defaults.ErrorRateWindow), TimeSpan.FromSeconds(1), TimeSpan.FromDays(1),
        "The window of HighErrorRate.");

    public Option<double> ThroughputRatio { get; } = Number("--alert-throughput-ratio", Defaults.ThroughputRatio,
        "ThroughputDegraded fires when tasks finish, over the last 5 minutes, at less than this share of the run's own rate before.", 0.01, 0.99);

    public Option<double> MemoryRatio { get; } = Number("--alert-memory-ratio", Defaults.MemoryBudgetRatio,
        "MemoryOverBudget fires when the executor's memory exceeds this share of its O(√n) budget.", 0.1, 100);

    public Option<MemoryBudget> MemoryBudget { get; } = new("--memory-budget")
    {
        Description = "The executor's O(√n) memory budget as BASE+PER: BASE + PER × √(number of tasks), sizes as in a queue. " +
                      $"Resident memory is shown against it; MemoryOverBudget fires above it. Default: {Core.Policies.MemoryBudget.Default}.",
        DefaultValueFactory = _ => Core.Policies.MemoryBudget.Default,
        CustomParser = r => Core.Policies.MemoryBudget.TryParse(r.Tokens.Single().Value, out var budget)
            ? budget
            : Fail<MemoryBudget>(r, $"--memory-budget: '{r.Tokens.Single().Value}' is not BASE+PER with two sizes, e.g. 256Mi+1Mi."),
    };

    public Option<int> PersistentFailures { get; } = Count("--alert-persistent-failures", Defaults.PersistentFailureCount,
        "PersistentFailures fires for a task that failed this many attempts in a row, or failed for good.");

    public Option<string> ResolveAfter { get; } = Duration("--alert-resolve-after", Format(Defaults.ResolveAfter), TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(1),
        "An alert resolves only once its condition has been clear this long (no flapping).");

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { UpdateInterval, Retain, NotifyWebhook, StallAfter, ErrorRate, ErrorWindow, ThroughputRatio, MemoryRatio, MemoryBudget, PersistentFailures, ResolveAfter })
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
    };

    private static TimeSpan Span(ParseResult result, Option<string> option) => Span(result.GetValue(option) ?? "");

    private static TimeSpan Span(string text) => DurationFormat.TryParse(text, out var span) ? span : TimeSpan.Zero;

    private static string Format(TimeSpan span) => DurationFormat.Format(span);

    private static Option<string> Duration(string name, string fallback, TimeSpan min, TimeSpan max, string description)
    {
        var option = new Option<string>(name) { Description = description, DefaultValueFactory = _ => fallback };
        Validate(option, name, min, max);
        return option;
    }

    private static Option<string?> OptionalDuration(string name, TimeSpan min, TimeSpan max, string description)
    {
        var option = new Option<string?>(name) { Description = description };
        Validate(option, name, min, max);
        return option;
    }

    private static void Validate<T>(Option<T> option, string name, TimeSpan min, TimeSpan max)
    {
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is { } text && (!DurationFormat.TryParse(text, out var span) || span < min || span > max))
                r.AddError($"{name}: '{text}' is not a duration from {Format(min)} to {Format(max)}; expected e.g. 500ms, 30s, 5m, 1h, 30d.");
        });
    }

    private static Option<double> Number(string name, double fallback, string description, double min, double max)
    {
        var option = new Option<double>(name) { Description = description, DefaultValueFactory = _ => fallback };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double>() is var value && (value < min || value > max))
                r.AddError($"{name}: {value} is out of range; expected {min} to {max}.");
        });
        return option;
    }

    private static Option<int> Count(string name, int fallback, string description)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => fallback };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 1000) r.AddError($"{name} must be from 1 to 1000.");
        });
        return option;
    }

    private static T Fail<T>(System.CommandLine.Parsing.ArgumentResult result, string message)
    {
        result.AddError(message);
        return default!;
    }
}

/// <summary>History and alerts as the command line asked for them.</summary>
/// <param name="UpdateInterval">Null when the command line did not say.</param>
internal sealed record MonitoringSettings(TimeSpan? UpdateInterval, TimeSpan Retain, Uri? NotifyWebhook, AlertOptions Alerts)
{
    /// <summary>The executor's O(√n) memory budget (<c>--memory-budget</c>).</summary>
    public MemoryBudget MemoryBudget { get; init; } = MemoryBudget.Default;

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
    };
}
