using MassTransit;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using TaskMaster.Core.Runs;
using TaskMaster.Monitor.Cluster;
using TaskMaster.RabbitMq;
using TaskMaster.Redis;
using TaskMaster.ServiceDefaults;

namespace TaskMaster.MonitorService;

/// <summary>
/// The monitor service's composition: the cluster monitor over the runs' catalog and event streams in
/// Redis, and the workers' log lines from the broker, each replica on a queue of its own.
/// </summary>
public static class MonitorServiceComposition
{
    /// <summary>
    /// Redis (<c>TASKMASTER_REDIS__*</c>) and the broker (<c>TASKMASTER_RABBITMQ__*</c>), both required
    /// and both in <c>/readyz</c>; the cluster monitor (<c>TASKMASTER_MONITOR__*</c>, its alerts' webhook
    /// and Alertmanager among them), ready once the run catalog has been read.
    /// </summary>
    public static WebApplicationBuilder AddMonitorService(this WebApplicationBuilder builder)
    {
        builder.AddTaskMasterRedis();
        var replica = $"{Environment.MachineName.ToLowerInvariant()}-{Guid.NewGuid():N}";
        builder.AddTaskMasterBus(
            consumers: bus => bus.AddConsumer<StreamedLogConsumer>(),
            endpoints: (context, rabbit) =>
                rabbit.ReceiveEndpoint(context.GetRequiredService<IOptions<RabbitMqSettings>>().Value.Topology.MonitorLogsQueue(replica), endpoint =>
                {
                    // The replica's own: every replica gets every batch, and the queue goes with the replica.
                    endpoint.Durable = false;
                    endpoint.AutoDelete = true;
                    // One at a time, in queue order: an attempt's batches taken out of order would read as lost.
                    endpoint.ConcurrentMessageLimit = 1;
                    endpoint.PrefetchCount = 64;
                    endpoint.ConfigureConsumer<StreamedLogConsumer>(context);
                }));
        builder.Services.AddSingleton<IRunCatalog>(sp => new RedisRunCatalog(sp.GetRequiredService<IConnectionMultiplexer>()));
        builder.Services.AddSingleton<IRunEventStream>(sp => new RedisRunEventStream(sp.GetRequiredService<IConnectionMultiplexer>(), sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddClusterMonitor(builder.Configuration, ServiceDefaultsExtensions.ReadyTag);
        return builder;
    }

    public static WebApplication MapMonitorService(this WebApplication app)
    {
        app.MapClusterMonitor();
        return app;
    }
}
