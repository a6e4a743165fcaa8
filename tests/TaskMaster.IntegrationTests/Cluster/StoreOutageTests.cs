using System.Text.Json;
using TaskMaster.Contracts.Scheduler.V1;
using TaskMaster.Core.Events;
using TaskMaster.IntegrationTests.Fixtures;
using TaskMaster.IntegrationTests.Messaging;
using TaskMaster.Redis;
using TaskMaster.SchedulerService.Tests.Support;
using TaskMaster.Testing.Servers;
using CheckpointTaken = TaskMaster.Core.Events.CheckpointTaken;
using TaskStarted = TaskMaster.Core.Events.TaskStarted;

namespace TaskMaster.IntegrationTests.Cluster;

/// <summary>The whole stack on a Redis and an S3 server of the test's own, each stopped mid-run and started again.</summary>
[Collection(ClusterCollection.Name)]
public sealed class StoreOutageTests(Servers servers)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    // The first task runs across both outages; the second is dispatched once both stores are back.
    private const string Queue = """
        # Queue: store-outage

        ### hold: Runs across both outages
        - run: `touch started; while [ ! -f release ]; do sleep 0.1; done`

        ### after: Dispatched after them
        - depends: hold
        - run: `true`
        """;

    [Fact]
    public async Task RedisThenS3_DownMidRun_CheckpointsGoToTheOtherStore_AlertedAndCounted_NoServiceEnds_AndAllIsAsBeforeOnceBack()
    {
        var cancel = TestContext.Current.CancellationToken;
        var name = Guid.NewGuid().ToString("N")[..8];
        await using var redis = await RedisServer.StartAsync(servers.Root, $"redis-outage-{name}", cancel);
        await using var s3 = await S3Server.StartAsync(servers.Root, S3ServerKind.S3rver, $"s3rver-outage-{name}", cancel);
        await using var alertmanager = await AlertmanagerServer.StartAsync(servers.Root, $"am-outage-{name}", cancel);
        await using var stack = new ClusterStack(servers, new ClusterStackServers(Redis: redis, S3: s3, Alertmanager: alertmanager));
        await stack.InitializeAsync();
        var (runId, folder) = await stack.SubmitAsync("store-outage", Queue);
        var client = stack.Client();
        await Await.FileAsync(Path.Combine(folder, "started"), Timeout, stack.Logs);
        var before = await CheckpointAsync(client, runId);

        await redis.StopAsync(cancel);
        await AwaitSchedulerReadyAsync(stack, ready: false);
        var withoutRedis = await CheckpointAsync(client, runId);
        var checkpointServiceWithoutRedis = await ReadinessAsync(stack.Checkpoint);
        var redisAlert = await AlertAsync(alertmanager, stack, "redis", "firing");
        var redisFallbacks = await FallbacksAsync(stack.Checkpoint, "redis");
        var aliveWithoutRedis = stack.Services.All(s => s.IsAlive);
        await redis.StartAgainAsync(cancel);
        await AwaitSchedulerReadyAsync(stack, ready: true);
        var redisBack = await CheckpointAsync(client, runId);
        var redisResolved = await AlertAsync(alertmanager, stack, "redis", "resolved");

        await s3.StopAsync(cancel);
        var withoutS3 = await CheckpointAsync(client, runId);
        var s3Alert = await AlertAsync(alertmanager, stack, "s3", "firing");
        var s3Fallbacks = await FallbacksAsync(stack.Checkpoint, "s3");
        var checkpointServiceWithoutS3 = await ReadinessAsync(stack.Checkpoint);
        var schedulerReadyWithoutS3 = await stack.Scheduler.AnswersAsync();
        var aliveWithoutS3 = stack.Services.All(s => s.IsAlive);
        await s3.StartAgainAsync(cancel);
        await Await.ConditionAsync(async () => await ReadinessAsync(stack.Checkpoint) == "200 Healthy", Timeout, "the checkpoint service healthy again", stack.Logs);
        var s3Back = await CheckpointAsync(client, runId);
        var s3Resolved = await AlertAsync(alertmanager, stack, "s3", "resolved");

        await File.WriteAllTextAsync(Path.Combine(folder, "release"), "", cancel);
        var events = await RunWaits.WatchToEndAsync(client, runId, seconds: 180);

        // Either store takes the checkpoints: the checkpoint service stays ready, degraded, while the other is down.
        Assert.Equal("200 Degraded", checkpointServiceWithoutRedis);
        Assert.Equal("200 Degraded", checkpointServiceWithoutS3);
        Assert.True(schedulerReadyWithoutS3, stack.Logs());
        Assert.True(before.InBoth, before.ToString());
        Assert.True(withoutRedis.Path.StartsWith($"s3://{stack.Bucket}/", StringComparison.Ordinal) && withoutRedis.MirrorPath.Length == 0, withoutRedis.ToString());
        Assert.True(redisBack.InBoth, redisBack.ToString());
        Assert.True(withoutS3.Path.StartsWith(RedisCheckpointCache.LocationRoot, StringComparison.Ordinal) && withoutS3.MirrorPath.Length == 0, withoutS3.ToString());
        Assert.True(s3Back.InBoth, s3Back.ToString());
        Assert.True(redisFallbacks >= 1 && s3Fallbacks >= 1, $"fallbacks: redis {redisFallbacks}, s3 {s3Fallbacks}");
        Assert.Equal("critical", redisAlert.GetProperty("labels").GetProperty("severity").GetString());
        Assert.Equal(stack.Bucket, s3Alert.GetProperty("labels").GetProperty("bucket").GetString());
        Assert.Equal("resolved", redisResolved.GetProperty("status").GetString());
        Assert.Equal("resolved", s3Resolved.GetProperty("status").GetString());
        Assert.True(aliveWithoutRedis && aliveWithoutS3 && stack.Services.All(s => s.IsAlive), stack.Logs());
        Assert.True(Assert.IsType<RunCompleted>(events[^1]).Succeeded);
        Assert.Equal(["hold", "after"], events.OfType<TaskSucceeded>().Select(s => s.TaskId));
        // Redis away longer than the lease: the scheduler stepped down and led again in a new term, which ran the attempt of
        // "hold" that had run across the step-down again (docs/cluster.md, "Failover": a new term runs the old one's attempts again).
        var started = events.OfType<TaskStarted>().Select(s => $"{s.TaskId} {s.Attempt}").ToList();
        Assert.True(started is ["hold 1", "after 1"] or ["hold 1", "hold 2", "after 1"], string.Join(", ", started));
        Assert.Equal(events.Select(e => e.Sequence), Enumerable.Range(1, events.Count).Select(n => (long)n));
        // The checkpoint taken without Redis was journaled while Redis was away: held (by the client or by the run), written once it was back.
        Assert.Single(events.OfType<CheckpointTaken>(), c => c.Location == withoutRedis.Path);
    }

    private static async Task<Stored> CheckpointAsync(Contracts.Scheduler.V1.SchedulerService.SchedulerServiceClient client, string runId)
    {
        var taken = await client.TakeCheckpointAsync(new TakeCheckpointRequest { RunId = runId, Force = true }, SchedulerClients.Within(60));
        return new Stored(taken.Path, taken.MirrorPath);
    }

    // The scheduler needs Redis (its journal, catalog, submissions); the workers and the checkpoint service do not.
    private static Task AwaitSchedulerReadyAsync(ClusterStack stack, bool ready) =>
        Await.ConditionAsync(async () => await stack.Scheduler.AnswersAsync() == ready, Timeout, $"the scheduler's /readyz {(ready ? "ready" : "not ready")}", stack.Logs);

    /// <summary>What a service's <c>/readyz</c> answers: its status code and its overall state.</summary>
    private static async Task<string> ReadinessAsync(ServiceProcess service)
    {
        using var http = new HttpClient { BaseAddress = service.HttpUrl, Timeout = TimeSpan.FromSeconds(15) };
        using var response = await http.GetAsync("readyz");
        return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
    }

    private static async Task<JsonElement> AlertAsync(AlertmanagerServer alertmanager, ClusterStack stack, string store, string status)
    {
        var body = await alertmanager.Webhook.WaitForAsync(b => AlertIn(b, stack.Bucket, store, status) is not null, Timeout);
        return AlertIn(body, stack.Bucket, store, status)!.Value;
    }

    private static JsonElement? AlertIn(JsonElement body, string bucket, string store, string status)
    {
        foreach (var alert in body.GetProperty("alerts").EnumerateArray())
        {
            var labels = alert.GetProperty("labels");
            if (labels.GetProperty("alertname").GetString() == "CheckpointStoreDown" && alert.GetProperty("status").GetString() == status
                && labels.TryGetProperty("store", out var s) && s.GetString() == store && labels.TryGetProperty("bucket", out var b) && b.GetString() == bucket)
                return alert;
        }
        return null;
    }

    private static async Task<double> FallbacksAsync(ServiceProcess checkpoint, string store)
    {
        using var http = new HttpClient { BaseAddress = checkpoint.HttpUrl, Timeout = TimeSpan.FromSeconds(10) };
        var metrics = await http.GetStringAsync("metrics");
        return metrics.Split('\n')
            .Where(line => line.StartsWith("taskmaster_checkpoint_store_fallbacks_total{", StringComparison.Ordinal) && line.Contains($"store=\"{store}\"", StringComparison.Ordinal))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    private sealed record Stored(string Path, string MirrorPath)
    {
        public bool InBoth => Path.Length > 0 && MirrorPath.Length > 0;
    }
}
