using StackExchange.Redis;
using TaskMaster.S3;
using TaskMaster.Testing.Servers;

namespace TaskMaster.IntegrationTests.Storage;

/// <summary>
/// A Redis or an s3rver of one test's own, which it stops and starts again (the shared servers
/// must never go down), with clients that give up quickly so a stopped server is noticed at once.
/// </summary>
internal static class PrivateStores
{
    public static async Task<ServerScript> StartAsync(ServerRoot root, string server)
    {
        var script = root.Script(server, $"{server}-{Guid.NewGuid():N}"[..20]);
        await script.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        return script;
    }

    public static Task<ConnectionMultiplexer> ConnectRedisAsync(ServerScript redis) =>
        ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions
        {
            EndPoints = { redis["REDIS_ENDPOINT"] }, AbortOnConnectFail = false, ConnectTimeout = 500, AsyncTimeout = 1000, ConnectRetry = 1,
        });

    public static S3StorageOptions S3Options(ServerScript s3rver, string bucket) => new()
    {
        Url = s3rver["S3_URL"], Bucket = bucket, AccessKey = s3rver["S3_ACCESS_KEY"], SecretKey = s3rver["S3_SECRET_KEY"], TimeoutSeconds = 2, MaxRetries = 0,
    };

    /// <summary>Returns once the client has its connection back after the server started again.</summary>
    public static async Task WaitConnectedAsync(IConnectionMultiplexer redis)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        redis.ConnectionRestored += (_, _) => connected.TrySetResult();
        if (!redis.IsConnected) await connected.Task.WaitAsync(timeout.Token);
    }
}
