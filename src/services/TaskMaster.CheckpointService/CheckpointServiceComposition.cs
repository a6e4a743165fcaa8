using Amazon.S3;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using TaskMaster.Checkpoint.Cluster;
using TaskMaster.Checkpoint.Remote;
using TaskMaster.Checkpoint.Service;
using TaskMaster.Core.Checkpoints;
using TaskMaster.Redis;
using TaskMaster.S3;
using TaskMaster.Scheduler.Control;
using TaskMaster.ServiceDefaults;

namespace TaskMaster.CheckpointService;

/// <summary>The checkpoint service's composition: the tiered store over S3 and Redis, served over gRPC behind the token.</summary>
public static class CheckpointServiceComposition
{
    public static WebApplicationBuilder AddCheckpointService(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSettings<RedisOptions>(builder.Configuration, RedisOptions.Section);
        services.AddSettings<S3StorageOptions>(builder.Configuration, S3StorageOptions.Section);
        services.AddSettings<ServiceToken>(builder.Configuration, ServiceToken.Section);

        services.AddSingleton<IConnectionMultiplexer>(sp => sp.GetRequiredService<IOptions<RedisOptions>>().Value.Connect());
        services.AddSingleton<IAmazonS3>(sp => S3Clients.Create(sp.GetRequiredService<IOptions<S3StorageOptions>>().Value));
        services.AddSingleton(sp => new S3Bucket(sp.GetRequiredService<IOptions<S3StorageOptions>>().Value.Bucket));
        services.AddSingleton(sp => new S3CheckpointStore(
            sp.GetRequiredService<IAmazonS3>(), sp.GetRequiredService<S3Bucket>().Name, sp.GetRequiredService<IOptions<S3StorageOptions>>().Value.Keep));
        services.AddSingleton(sp => new RedisCheckpointCache(
            sp.GetRequiredService<IConnectionMultiplexer>(), sp.GetRequiredService<IOptions<RedisOptions>>().Value.CheckpointsKept));
        services.AddSingleton<ITaskStateStore>(sp => new S3TaskStateStore(sp.GetRequiredService<IAmazonS3>(), sp.GetRequiredService<S3Bucket>().Name));
        services.AddSingleton<CheckpointStoreMetrics>();
        services.AddSingleton(sp => new TieredCheckpointStore(
            sp.GetRequiredService<S3CheckpointStore>(), sp.GetRequiredService<RedisCheckpointCache>(),
            sp.GetRequiredService<CheckpointStoreMetrics>(), sp.GetRequiredService<ILogger<TieredCheckpointStore>>()));

        services.AddSingleton(sp => new ControlTokenOptions { Token = sp.GetRequiredService<IOptions<ServiceToken>>().Value.Resolve() });
        services.AddGrpc().AddServiceOptions<CheckpointGrpcService>(options =>
        {
            options.MaxReceiveMessageSize = CheckpointServiceClientFactory.MaxMessageBytes;
            options.MaxSendMessageSize = CheckpointServiceClientFactory.MaxMessageBytes;
            options.Interceptors.Add<ControlTokenInterceptor>();
        });

        services.AddHealthChecks()
            .AddCheck<RedisReadiness>("redis", tags: [ServiceDefaultsExtensions.ReadyTag])
            .AddCheck<S3Readiness>("s3", tags: [ServiceDefaultsExtensions.ReadyTag]);
        return builder;
    }

    public static WebApplication MapCheckpointService(this WebApplication app)
    {
        app.MapGrpcService<CheckpointGrpcService>();
        return app;
    }
}
