using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Prometheus;
using TaskMaster.Checkpoint.Cluster;
using TaskMaster.IntegrationTests.Fixtures;
using TaskMaster.Redis;
using TaskMaster.Core.Checkpoints;
using TaskMaster.S3;
using TaskMaster.Testing.Servers;

namespace TaskMaster.IntegrationTests.Storage;

// Each test stops and starts a store of its own; the other store is the shared server.
public sealed class TieredCheckpointStoreTests(Servers servers)
{
    private readonly CheckpointStoreMetrics _metrics = new(Metrics.WithCustomRegistry(Metrics.NewCustomRegistry()));
    private readonly FakeLogger<TieredCheckpointStore> _logger = new();

    [Fact]
    public async Task Store_WithBothUp_WritesBothAndLoadsTheNewestFromEither()
    {
        await using var redis = await servers.Redis.ConnectAsync();
        var (s3, record) = await TestCheckpoints.NewS3StoreAsync(servers.S3rver);
        using var client = s3;
        var store = Store(record, new RedisCheckpointCache(redis));
        var runId = TestRuns.NewId();

        await store.StoreAsync(TestCheckpoints.Encoded(runId, 1), TestContext.Current.CancellationToken);
        var stored = await store.StoreAsync(TestCheckpoints.Encoded(runId, 2), TestContext.Current.CancellationToken);
        var listed = await store.ListAsync(runId, TestContext.Current.CancellationToken);
        var loaded = await store.LoadNewestValidAsync(runId, cancellationToken: TestContext.Current.CancellationToken);

        Assert.StartsWith(record.Root, stored.Location, StringComparison.Ordinal);
        Assert.StartsWith(RedisCheckpointCache.LocationRoot, stored.MirrorLocation, StringComparison.Ordinal);
        Assert.Null(stored.MirrorError);
        Assert.Equal([(2L, true, true), (1L, true, true)], listed.Select(c => (c.Checkpoint.Sequence, c.InRecord, c.InCache)));
        Assert.Equal(2, loaded.Document?.Sequence);
    }

    [Fact]
    public async Task Load_WhenTheCachedCopyIsDamaged_FallsBackToTheRecordsCopy()
    {
        await using var redis = await servers.Redis.ConnectAsync();
        var (s3, record) = await TestCheckpoints.NewS3StoreAsync(servers.S3rver);
        using var client = s3;
        var store = Store(record, new RedisCheckpointCache(redis));
        var checkpoint = TestCheckpoints.Encoded(TestRuns.NewId(), 1);
        var stored = await store.StoreAsync(checkpoint, TestContext.Current.CancellationToken);
        Assert.True(StoredCheckpoint.TryParse(stored.Location, out var named));
        await redis.GetDatabase().HashSetAsync(RedisKeys.CheckpointBytes(checkpoint.RunId), named.Name, TestCheckpoints.Damaged(checkpoint));

        var loaded = await store.LoadAsync(stored.MirrorLocation!, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(loaded.Found, loaded.Describe());
        Assert.Equal(stored.Location, loaded.Checkpoint.Location);
        Assert.Equal([stored.MirrorLocation], loaded.Refused.Select(r => r.Location));
    }

    [Fact]
    public async Task RedisDown_ThenBack_CheckpointsGoToS3_TheFallbackIsCountedAndAlerted_AndThenBothAreWrittenAgain()
    {
        var server = await PrivateStores.StartAsync(servers.Root, "redis");
        await using var redis = await PrivateStores.ConnectRedisAsync(server);
        var (s3, record) = await TestCheckpoints.NewS3StoreAsync(servers.S3rver);
        using var client = s3;
        var store = Store(record, new RedisCheckpointCache(redis));
        var runId = TestRuns.NewId();
        await store.StoreAsync(TestCheckpoints.Encoded(runId, 1), TestContext.Current.CancellationToken);

        var (whileDown, loadedWhileDown, upWhileDown, afterBack) = await ThroughAnOutageAsync(store, runId, "redis", server, () => PrivateStores.WaitConnectedAsync(redis));
        await server.StopAsync(TestContext.Current.CancellationToken);

        Assert.StartsWith(record.Root, whileDown.Location, StringComparison.Ordinal);
        Assert.Null(whileDown.MirrorLocation);
        Assert.Contains("redis", whileDown.MirrorError, StringComparison.Ordinal);
        Assert.Equal(2, loadedWhileDown.Document?.Sequence);
        Assert.False(upWhileDown);
        Assert.Equal(1, _metrics.Fallbacks("redis", "save"));
        Assert.Contains(_logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Error && r.Message.StartsWith("ALERT checkpoint store redis is down", StringComparison.Ordinal));
        Assert.NotNull(afterBack.MirrorLocation);
        Assert.Null(afterBack.MirrorError);
        Assert.True(_metrics.IsUp("redis"));
        Assert.Contains(_logger.Collector.GetSnapshot(), r => r.Message == "Checkpoint store redis is back");
    }

    [Fact]
    public async Task S3Down_ThenBack_CheckpointsGoToRedis_TheFallbackIsCountedAndAlerted_AndThenBothAreWrittenAgain()
    {
        var server = await PrivateStores.StartAsync(servers.Root, "s3rver");
        var bucket = $"taskmaster-{Guid.NewGuid():N}"[..30];
        var options = PrivateStores.S3Options(server, bucket);
        using var s3 = S3Clients.Create(options);
        await s3.PutBucketAsync(bucket, TestContext.Current.CancellationToken);
        await using var redis = await servers.Redis.ConnectAsync();
        var record = new S3CheckpointStore(s3, bucket);
        var store = Store(record, new RedisCheckpointCache(redis));
        var runId = TestRuns.NewId();
        await store.StoreAsync(TestCheckpoints.Encoded(runId, 1), TestContext.Current.CancellationToken);

        var (whileDown, loadedWhileDown, upWhileDown, afterBack) = await ThroughAnOutageAsync(store, runId, "s3", server, () => Task.CompletedTask);
        var listed = await record.ListAsync(runId, TestContext.Current.CancellationToken);
        await server.StopAsync(TestContext.Current.CancellationToken);

        Assert.StartsWith(RedisCheckpointCache.LocationRoot, whileDown.Location, StringComparison.Ordinal);
        Assert.Contains("store of record", whileDown.MirrorError, StringComparison.Ordinal);
        Assert.Equal(2, loadedWhileDown.Document?.Sequence);
        Assert.False(upWhileDown);
        Assert.Equal(1, _metrics.Fallbacks("s3", "save"));
        Assert.Contains(_logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Error && r.Message.StartsWith("ALERT checkpoint store s3 is down", StringComparison.Ordinal));
        Assert.StartsWith(record.Root, afterBack.Location, StringComparison.Ordinal);
        Assert.NotNull(afterBack.MirrorLocation);
        Assert.True(_metrics.IsUp("s3"));
        Assert.Equal([3L, 1], listed.Select(c => c.Sequence));
    }

    [Fact]
    public async Task Store_WithBothDown_ThrowsNamingBoth()
    {
        var redisServer = await PrivateStores.StartAsync(servers.Root, "redis");
        var s3Server = await PrivateStores.StartAsync(servers.Root, "s3rver");
        await using var redis = await PrivateStores.ConnectRedisAsync(redisServer);
        using var s3 = S3Clients.Create(PrivateStores.S3Options(s3Server, "taskmaster-none"));
        var store = Store(new S3CheckpointStore(s3, "taskmaster-none"), new RedisCheckpointCache(redis));
        await redisServer.StopAsync(TestContext.Current.CancellationToken);
        await s3Server.StopAsync(TestContext.Current.CancellationToken);

        var fault = await Assert.ThrowsAsync<IOException>(() => store.StoreAsync(TestCheckpoints.Encoded(TestRuns.NewId(), 1), TestContext.Current.CancellationToken));

        Assert.Contains("s3: ", fault.Message, StringComparison.Ordinal);
        Assert.Contains("redis: ", fault.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Stops <paramref name="server"/>, saves checkpoint 2 and loads the newest while it is down, starts
    /// it again, and saves checkpoint 3 once <paramref name="reconnected"/>; the server is stopped after.
    /// </summary>
    private async Task<(CheckpointStored WhileDown, StoredCheckpointLoad LoadedWhileDown, bool UpWhileDown, CheckpointStored AfterBack)> ThroughAnOutageAsync(
        TieredCheckpointStore store, string runId, string storeName, ServerScript server, Func<Task> reconnected)
    {
        var cancellation = TestContext.Current.CancellationToken;
        await server.StopAsync(cancellation);
        var whileDown = await store.StoreAsync(TestCheckpoints.Encoded(runId, 2), cancellation);
        var loadedWhileDown = await store.LoadNewestValidAsync(runId, cancellationToken: cancellation);
        var upWhileDown = _metrics.IsUp(storeName);
        await server.StartAsync(cancellationToken: cancellation);
        await reconnected();
        var afterBack = await store.StoreAsync(TestCheckpoints.Encoded(runId, 3), cancellation);
        return (whileDown, loadedWhileDown, upWhileDown, afterBack);
    }

    private TieredCheckpointStore Store(S3CheckpointStore record, RedisCheckpointCache cache) => new(record, cache, _metrics, _logger);
}
