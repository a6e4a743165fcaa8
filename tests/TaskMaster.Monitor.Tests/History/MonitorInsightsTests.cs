using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Prometheus;
using TaskMaster.Core.Events;
using TaskMaster.Core.State;
using TaskMaster.Monitor.Alerts;
using TaskMaster.Monitor.History;
using TaskMaster.Monitor.Tests.Support;
using TaskMaster.Testing.Servers;
using static TaskMaster.Core.Tests.TestQueues;
using TaskStatus = TaskMaster.Core.State.TaskStatus;

namespace TaskMaster.Monitor.Tests.History;

public sealed class MonitorInsightsTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private readonly TempHome _home = new();
    private readonly RecordingFeed _feed = new();
    private readonly CollectorRegistry _registry = Prometheus.Metrics.NewCustomRegistry();
    private readonly RunState _state = new(Diamond());

    private InsightsSettings Settings => new()
    {
        Home = _home.Layout,
        RunId = "run-1",
        // The test process's own memory (servers of other tests run in it) must not fire MemoryOverBudget here.
        Alerts = new AlertOptions { StallAfter = TimeSpan.FromSeconds(5), ResolveAfter = TimeSpan.FromSeconds(3), MemoryBudgetRatio = 100 },
    };

    private void Apply(MonitorInsights insights, RunEvent e)
    {
        _state.Apply(e);
        insights.OnEvent(e, _state);
    }

    private void Seconds(int count)
    {
        for (var i = 0; i < count; i++) _time.Advance(TimeSpan.FromSeconds(1));
    }

    private async Task<double> Gauge(string alertName)
    {
        using var stream = new MemoryStream();
        await _registry.CollectAndExportAsTextAsync(stream);
        var line = System.Text.Encoding.UTF8.GetString(stream.ToArray()).Split('\n')
            .Single(l => l.StartsWith($"taskmaster_alerts_firing{{alertname=\"{alertName}\"}}", StringComparison.Ordinal));
        return double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Start_EveryInterval_PersistsAndPublishesASample()
    {
        await using var insights = MonitorInsights.Start(Settings, _time, NullLoggerFactory.Instance, _feed, _registry);
        Apply(insights, new RunStarted(Start, "run-1", "test", "/tmp/q.md", "hash", 4, 2, true));

        Seconds(3);

        var persisted = SampleStore.Read(MonitoringLayout.SamplesFile(_home.Layout, "run-1"));
        Assert.Equal(3, persisted.Count);
        Assert.Equal(3, _feed.Of("sample").Count);
        var last = _feed.Of("sample")[^1];
        Assert.Equal(Start.AddSeconds(3).ToUnixTimeMilliseconds(), last.GetProperty("t_ms").GetInt64());
        Assert.Equal("none", last.GetProperty("network").GetString());
        Assert.Equal(persisted[^1].MemoryBudgetBytes, last.GetProperty("memory_budget_bytes").GetInt64());
    }

    [Fact]
    public async Task Start_RunMakesNoProgress_StalledAlertFiresEverywhereThenResolves()
    {
        await using var insights = MonitorInsights.Start(Settings, _time, NullLoggerFactory.Instance, _feed, _registry);
        Apply(insights, new RunStarted(Start, "run-1", "test", "/tmp/q.md", "hash", 4, 2, true));

        Seconds(4);
        Assert.Empty(_feed.Of("alert"));
        Seconds(1);
        var fired = Assert.Single(_feed.Of("alert"));
        Assert.Equal(("RunStalled", "firing"), (fired.GetProperty("name").GetString(), fired.GetProperty("state").GetString()));
        Assert.Equal(1, await Gauge(AlertNames.RunStalled));
        Assert.Equal(AlertState.Firing, Assert.Single(insights.Alerts.Recent).State);

        Apply(insights, new TaskStarted(_time.GetUtcNow(), "a", 1));
        Seconds(3); // clear from the next sample on, for less than ResolveAfter
        Assert.Single(_feed.Of("alert"));
        Seconds(1);

        var resolved = _feed.Of("alert")[^1];
        Assert.Equal("resolved", resolved.GetProperty("state").GetString());
        Assert.Equal(0, await Gauge(AlertNames.RunStalled));
        var onDisk = Assert.Single(AlertCenter.ReadFile(MonitoringLayout.AlertsFile(_home.Layout, "run-1")));
        Assert.Equal(AlertState.Resolved, onDisk.State);
    }

    [Fact]
    public async Task DisposeAsync_RunEndedWithAFailedTask_KeepsOnlyItsAlertFiring()
    {
        var insights = MonitorInsights.Start(Settings, _time, NullLoggerFactory.Instance, _feed, _registry);
        Apply(insights, new RunStarted(Start, "run-1", "test", "/tmp/q.md", "hash", 4, 2, true));
        Seconds(5); // stalled
        Apply(insights, new TaskStarted(_time.GetUtcNow(), "a", 1));
        Apply(insights, new TaskFailed(_time.GetUtcNow(), "a", 1, Core.Policies.TaskFailureClass.Permanent, Core.Policies.TaskFailureKind.ExitCode,
            2, null, TimeSpan.FromSeconds(1), "exit code 2", [], WillRetry: false));
        Apply(insights, new TasksBlocked(_time.GetUtcNow(), "a", ["b", "c", "d"]));
        Apply(insights, new RunCompleted(_time.GetUtcNow(), Succeeded: false));

        await insights.DisposeAsync();

        var alerts = AlertCenter.ReadFile(MonitoringLayout.AlertsFile(_home.Layout, "run-1"));
        Assert.Equal(AlertState.Resolved, alerts.Single(a => a.Name == AlertNames.RunStalled).State);
        var failed = alerts.Single(a => a.Name == AlertNames.PersistentFailures);
        Assert.Equal((AlertState.Firing, "a"), (failed.State, failed.Labels["task_id"]));
    }

    [Fact]
    public async Task Start_FailedTaskRetriedByHandThenSucceeds_ItsPersistentFailureResolvesAtTheNextSample()
    {
        await using var insights = MonitorInsights.Start(Settings, _time, NullLoggerFactory.Instance, _feed, _registry);
        Apply(insights, new RunStarted(Start, "run-1", "test", "/tmp/q.md", "hash", 4, 2, true));
        Apply(insights, new TaskStarted(_time.GetUtcNow(), "a", 1));
        Apply(insights, Failed("a", 1));
        Seconds(1);
        Assert.Equal(("PersistentFailures", "firing"), Last(_feed.Of("alert")));

        Apply(insights, new TaskOverridden(_time.GetUtcNow(), "a", OverrideAction.Retry, TaskStatus.Failed, 1, "retry by an operator", []));
        Apply(insights, new TaskStarted(_time.GetUtcNow(), "a", 2));
        Apply(insights, new TaskSucceeded(_time.GetUtcNow(), "a", 2, 0, TimeSpan.Zero));
        Seconds(1);

        Assert.Equal(("PersistentFailures", "resolved"), Last(_feed.Of("alert")));
        Assert.Equal(0, await Gauge(AlertNames.PersistentFailures));
    }

    [Fact]
    public async Task Start_ResumedAfterTheExecutorWasKilled_ItsFiringAlertsAreJudgedAfreshNotKeptForever()
    {
        // The killed executor's run: a task failed for good, then it stalled; both alerts were firing when it died.
        _state.Apply(new RunStarted(Start, "run-1", "test", "/tmp/q.md", "hash", 4, 2, true));
        _state.Apply(new TaskStarted(Start, "a", 1));
        _state.Apply(Failed("a", 1));
        LeftFiring(AlertNames.PersistentFailures, "a");
        LeftFiring(AlertNames.RunStalled, null);
        Seconds(60);

        await using var resumed = MonitorInsights.Start(Settings, _time, NullLoggerFactory.Instance, _feed, _registry);
        Assert.Equal(1, await Gauge(AlertNames.RunStalled));
        Apply(resumed, new RunStarted(_time.GetUtcNow(), "run-1", "test", "/tmp/q.md", "hash", 4, 2, true, ResumedFrom: "checkpoint.json"));
        Seconds(1);

        var alerts = AlertCenter.ReadFile(MonitoringLayout.AlertsFile(_home.Layout, "run-1"));
        Assert.Equal(AlertState.Resolved, alerts.Single(a => a.Name == AlertNames.RunStalled).State);
        // Still true (a is still failed for good): the same alert goes on, no second one beside it.
        var failed = alerts.Single(a => a.Name == AlertNames.PersistentFailures);
        Assert.Equal(AlertState.Firing, failed.State);
        Assert.Equal(2, resumed.Alerts.Recent.Count);
        Assert.Equal(0, await Gauge(AlertNames.RunStalled));
    }

    /// <summary>Writes an alert to the run's file as firing, as an executor killed while it fired leaves it.</summary>
    private void LeftFiring(string name, string? taskId)
    {
        var alert = Inputs.Firing(name, taskId);
        var file = MonitoringLayout.AlertsFile(_home.Layout, "run-1");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.AppendAllText(file, System.Text.Json.JsonSerializer.Serialize(alert, InsightsJson.Options) + "\n");
    }

    [Fact]
    public async Task OnRunEnded_TakesTheFinalSampleAtOnceWithTheFiguresTheStatusShows()
    {
        await using var insights = MonitorInsights.Start(Settings, _time, NullLoggerFactory.Instance, _feed, _registry);
        Apply(insights, new RunStarted(Start, "run-1", "test", "/tmp/q.md", "hash", 4, 2, true));
        Seconds(1);
        Apply(insights, new RunPaused(_time.GetUtcNow(), "by hand", ByOperator: true));
        foreach (var id in new[] { "a", "b", "c", "d" })
        {
            Apply(insights, new TaskStarted(_time.GetUtcNow(), id, 1));
            Apply(insights, new TaskSucceeded(_time.GetUtcNow(), id, 1, 0, TimeSpan.Zero));
        }
        Apply(insights, new RunCompleted(_time.GetUtcNow(), Succeeded: true));

        insights.OnRunEnded(_state);

        var last = _feed.Of("sample")[^1];
        Assert.Equal(RunMetrics.AutonomyScore(_state), last.GetProperty("autonomy_score").GetDouble());
        Assert.Equal(0.75, last.GetProperty("autonomy_score").GetDouble());
        Seconds(3);
        Assert.Equal(2, _feed.Of("sample").Count); // none after the final one
    }

    private TaskFailed Failed(string id, int attempt) => new(
        _time.GetUtcNow(), id, attempt, Core.Policies.TaskFailureClass.Permanent, Core.Policies.TaskFailureKind.ExitCode,
        2, null, TimeSpan.FromSeconds(1), "exit code 2", [], WillRetry: false);

    private static (string?, string?) Last(IReadOnlyList<System.Text.Json.JsonElement> alerts) =>
        (alerts[^1].GetProperty("name").GetString(), alerts[^1].GetProperty("state").GetString());

    [Fact]
    public async Task Start_WebhookAlwaysFails_SamplesSayTheNetworkIsDown()
    {
        await using var receiver = await WebhookReceiver.StartAsync((_, _) => Task.FromResult(503));
        var settings = Settings;
        var withWebhook = new InsightsSettings
        {
            Home = settings.Home, RunId = settings.RunId, Alerts = settings.Alerts,
            Webhook = new WebhookOptions { Url = receiver.Url, RetryDelay = TimeSpan.Zero, MaxRetries = 1 },
        };
        await using var insights = MonitorInsights.Start(withWebhook, _time, NullLoggerFactory.Instance, _feed, _registry);
        Apply(insights, new RunStarted(Start, "run-1", "test", "/tmp/q.md", "hash", 4, 2, true));
        Seconds(1);
        Assert.Equal("ok", _feed.Of("sample")[^1].GetProperty("network").GetString());

        Seconds(4); // stalled: the alert goes to the webhook, which refuses it twice
        await receiver.NextAsync();
        await receiver.NextAsync();
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        while (_feed.Of("sample")[^1].GetProperty("network").GetString() != "down" && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Yield();
            Seconds(1);
        }

        Assert.Equal("down", _feed.Of("sample")[^1].GetProperty("network").GetString());
    }

    [Fact]
    public void Start_InvalidSettings_ThrowsNamingThem()
    {
        var settings = new InsightsSettings { Home = _home.Layout, RunId = "run-1", UpdateInterval = TimeSpan.Zero };

        var error = Assert.Throws<ArgumentException>(() => MonitorInsights.Start(settings, _time, NullLoggerFactory.Instance));

        Assert.Contains(nameof(InsightsSettings.UpdateInterval), error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _home.Dispose();
}
