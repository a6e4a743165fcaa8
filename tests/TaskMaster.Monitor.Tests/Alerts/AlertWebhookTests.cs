using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TaskMaster.Monitor.Alerts;
using TaskMaster.Monitor.Tests.Support;
using TaskMaster.Testing.Servers;

namespace TaskMaster.Monitor.Tests.Alerts;

public sealed class AlertWebhookTests
{
    private static readonly DateTimeOffset Fired = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Fired);

    private static Alert Failing(AlertState state = AlertState.Firing) => new(
        "PersistentFailures/build@1", AlertNames.PersistentFailures, AlertSeverity.Critical, state,
        "Task build failed for good", "1 failed attempt in a row; the last: exit code 2", Fired,
        state == AlertState.Resolved ? Fired.AddMinutes(2) : null,
        new Dictionary<string, string> { ["run_id"] = "run-1", ["task_id"] = "build" });

    private AlertWebhook Webhook(Uri url, int capacity = 256) => new(
        new WebhookOptions { Url = url, ExternalUrl = "http://127.0.0.1:7420", RetryDelay = TimeSpan.Zero, QueueCapacity = capacity },
        _time, NullLogger.Instance);

    [Fact]
    public async Task Enqueue_FiringAlert_PostsAlertmanagerVersion4Payload()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var webhook = Webhook(receiver.Url);

        webhook.Enqueue(Failing());
        var body = await receiver.NextAsync();

        Assert.Equal("4", body.GetProperty("version").GetString());
        Assert.Equal("firing", body.GetProperty("status").GetString());
        Assert.Equal("taskmaster", body.GetProperty("receiver").GetString());
        Assert.Equal("http://127.0.0.1:7420", body.GetProperty("externalURL").GetString());
        Assert.Equal("""{}:{alertname="PersistentFailures", run_id="run-1"}""", body.GetProperty("groupKey").GetString());
        Assert.Equal("PersistentFailures", body.GetProperty("groupLabels").GetProperty("alertname").GetString());
        Assert.Equal("build", body.GetProperty("commonLabels").GetProperty("task_id").GetString());
        Assert.Equal("Task build failed for good", body.GetProperty("commonAnnotations").GetProperty("summary").GetString());
        var alert = Assert.Single(body.GetProperty("alerts").EnumerateArray());
        Assert.Equal("firing", alert.GetProperty("status").GetString());
        Assert.Equal(["alertname", "run_id", "severity", "task_id"], alert.GetProperty("labels").EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("critical", alert.GetProperty("labels").GetProperty("severity").GetString());
        Assert.Equal(["description", "summary"], alert.GetProperty("annotations").EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("2026-11-24T12:00:00.000Z", alert.GetProperty("startsAt").GetString());
        Assert.Equal("0001-01-01T00:00:00Z", alert.GetProperty("endsAt").GetString());
        Assert.Equal("http://127.0.0.1:7420/api/v1/alerts", alert.GetProperty("generatorURL").GetString());
        Assert.Equal(JsonValueKind.String, alert.GetProperty("fingerprint").ValueKind);
    }

    [Fact]
    public async Task Enqueue_ResolvedAlert_PostsResolvedWithEnd()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var webhook = Webhook(receiver.Url);

        webhook.Enqueue(Failing(AlertState.Resolved));
        var body = await receiver.NextAsync();

        Assert.Equal("resolved", body.GetProperty("status").GetString());
        Assert.Equal("2026-11-24T12:02:00.000Z", body.GetProperty("alerts")[0].GetProperty("endsAt").GetString());
    }

    [Fact]
    public async Task Enqueue_ReceiverFailsTwice_DeliveredOnThirdTry()
    {
        await using var receiver = await WebhookReceiver.StartAsync((n, _) => Task.FromResult(n <= 2 ? 500 : 200));
        await using var webhook = Webhook(receiver.Url);

        webhook.Enqueue(Failing());
        for (var i = 0; i < 3; i++) await receiver.NextAsync();
        await WaitUntil(() => webhook.Delivered == 1);

        Assert.Equal(3, receiver.Requests);
        Assert.Equal(WebhookHealth.Degraded, webhook.Health);
    }

    [Fact]
    public async Task Enqueue_ReceiverAlwaysFails_GivesUpAndReportsDown()
    {
        await using var receiver = await WebhookReceiver.StartAsync((_, _) => Task.FromResult(503));
        await using var webhook = Webhook(receiver.Url);

        webhook.Enqueue(Failing());
        for (var i = 0; i < 5; i++) await receiver.NextAsync(); // the first try and 4 retries
        await WaitUntil(() => webhook.Health == WebhookHealth.Down);

        Assert.Equal(0, webhook.Delivered);
    }

    [Fact]
    public async Task Enqueue_ReceiverHangs_ReturnsAtOnceAndDropsTheOldestWhenFull()
    {
        var release = new TaskCompletionSource();
        await using var receiver = await WebhookReceiver.StartAsync(async (_, token) =>
        {
            await release.Task.WaitAsync(token);
            return 200;
        });
        var webhook = Webhook(receiver.Url, capacity: 4);

        webhook.Enqueue(Failing());
        await receiver.NextAsync(); // the first POST hangs in the receiver
        // Were an enqueue to wait for the hanging POST, this would never end (the receiver answers only once released).
        await Task.Run(() =>
        {
            for (var i = 0; i < 1000; i++) webhook.Enqueue(Failing());
        }).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(WebhookHealth.Degraded, webhook.Health); // notifications were dropped
        var disposing = webhook.DisposeAsync().AsTask();
        _time.Advance(TimeSpan.FromSeconds(5)); // the drain timeout: the hanging POST is cancelled
        await disposing.WaitAsync(TimeSpan.FromSeconds(10));
        release.SetResult();
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(10), "the condition was not met within 10 s");
            await Task.Yield();
        }
    }
}
