using Amazon.S3;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using TaskMaster.Checkpoint.Cluster;
using TaskMaster.Checkpoint.Remote;
using TaskMaster.Checkpoint.Service;
using TaskMaster.Core.Checkpoints;
using TaskMaster.Core.Runs;
using TaskMaster.Monitor.Alerts;
using TaskMaster.Redis;
using TaskMaster.S3;
using TaskMaster.ServiceDefaults;

namespace TaskMaster.CheckpointService;

/// <summary>The checkpoint service's composition: the tiered store over S3 and Redis, served over gRPC behind the token.</summary>
public static class CheckpointServiceComposition
{
    public static WebApplicationBuilder AddCheckpointService(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // Its readiness weighs Redis with object storage: either one is enough to serve (StoreReadiness.cs).
        builder.AddTaskMasterRedis(readiness: false);
        services.AddSettings<S3StorageOptions>(builder.Configuration, S3StorageOptions.Section);

        services.AddSingleton<IAmazonS3>(sp => S3Clients.Create(S3(sp)));
        services.AddSingleton(sp => new S3Bucket(S3(sp).Bucket, S3(sp).CreateBucket));
        services.AddSingleton(sp => new S3CheckpointStore(
            sp.GetRequiredService<IAmazonS3>(), sp.GetRequiredService<S3Bucket>().Name, S3(sp).Keep));
        services.AddSingleton(sp => new RedisCheckpointCache(
            sp.GetRequiredService<IConnectionMultiplexer>(), Redis(sp).CheckpointsKept));
        services.AddSingleton<ITaskStateStore>(sp => new S3TaskStateStore(sp.GetRequiredService<IAmazonS3>(), sp.GetRequiredService<S3Bucket>().Name));
        services.AddSingleton<CheckpointStoreMetrics>();
        // A save's fencing token against the run's fence, the one the journal's scripts check.
        services.AddSingleton<IRunFence>(sp => new RedisRunFence(sp.GetRequiredService<IConnectionMultiplexer>()));
        services.AddSingleton<CheckpointFencing>();
        builder.AddCheckpointStoreAlerts();
        services.AddSingleton(sp => new TieredCheckpointStore(
            sp.GetRequiredService<S3CheckpointStore>(), sp.GetRequiredService<RedisCheckpointCache>(),
            sp.GetRequiredService<CheckpointStoreMetrics>(), sp.GetRequiredService<ILogger<TieredCheckpointStore>>(),
            sp.GetService<ICheckpointStoreAlerts>()));

        // The token on every call is the service defaults' interceptor.
        services.AddGrpc().AddServiceOptions<CheckpointGrpcService>(options =>
        {
            options.MaxReceiveMessageSize = CheckpointServiceClientFactory.MaxMessageBytes;
            options.MaxSendMessageSize = CheckpointServiceClientFactory.MaxMessageBytes;
        });

        services.AddHealthChecks()
            .AddCheck<CheckpointStoresReadiness>("stores", tags: [ServiceDefaultsExtensions.ReadyTag]);
        return builder;
    }

    // Only with an Alertmanager configured: without one an outage is logged and in /metrics, and nothing is posted.
    private static void AddCheckpointStoreAlerts(this WebApplicationBuilder builder)
    {
        builder.Services.AddSettings<CheckpointAlertSettings>(builder.Configuration, CheckpointAlertSettings.Section);
        if (builder.Configuration.GetSection(CheckpointAlertSettings.Section).Get<CheckpointAlertSettings>()?.Alertmanager is null) return;
        builder.Services.AddSingleton<ICheckpointStoreAlerts>(sp => new CheckpointStoreAlerts(
            new AlertmanagerPoster(sp.GetRequiredService<IOptions<CheckpointAlertSettings>>().Value.Alertmanager!, TimeProvider.System,
                sp.GetRequiredService<ILogger<AlertmanagerPoster>>()),
            sp.GetRequiredService<S3Bucket>().Name, TimeProvider.System));
    }

    private static S3StorageOptions S3(IServiceProvider services) => services.GetRequiredService<IOptions<S3StorageOptions>>().Value;

    private static RedisOptions Redis(IServiceProvider services) => services.GetRequiredService<IOptions<RedisOptions>>().Value;

    public static WebApplication MapCheckpointService(this WebApplication app)
    {
        app.MapGrpcService<CheckpointGrpcService>();
        return app;
    }
}
