using Grpc.Health.V1;
using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using TaskMaster.Checkpoint.Remote;
using TaskMaster.Contracts.Checkpoint.V1;
using TaskMaster.RabbitMq;
using TaskMaster.RabbitMq.Dispatch;
using TaskMaster.Scheduler.Leadership;
using TaskMaster.Scheduler.Runs;
using TaskMaster.ServiceDefaults;

namespace TaskMaster.SchedulerService.Cluster;

/// <summary>The cluster's parts of the scheduler service: Redis, the broker and the checkpoint service, each validated at start and a readiness check.</summary>
internal static class ClusterHosting
{
    /// <summary>
    /// Adds the Redis connection, the bus, the process's <see cref="BrokerDispatcher"/> (started after the
    /// bus, before the runs resume; stopped after them) and the checkpoint service's client, and returns
    /// how the adapters are made from them.
    /// </summary>
    public static Func<IServiceProvider, ISchedulerAdapters> AddClusterAdapters(this WebApplicationBuilder builder, string token)
    {
        builder.AddTaskMasterRedis();
        builder.AddTaskMasterBus();
        builder.Services.Configure<MassTransitHostOptions>(bus => bus.WaitUntilStarted = true);
        builder.Services.AddSettings<BrokerDispatchOptions>(builder.Configuration, BrokerDispatchOptions.Section);
        builder.Services.AddSettings<CheckpointServiceSettings>(builder.Configuration, CheckpointServiceSettings.Section);
        builder.Services.AddSingleton(services => new BrokerDispatcher(
            services.GetRequiredService<IBus>(), services.GetRequiredService<IOptions<RabbitMqSettings>>().Value.Topology,
            services.GetRequiredService<IOptions<BrokerDispatchOptions>>().Value, TimeProvider.System,
            services.GetRequiredService<ILogger<BrokerDispatcher>>()));
        // A leader's duty registered before the runs': it consumes before they resume, and stops once they are interrupted.
        builder.Services.AddSingleton<ILeaderDuty, BrokerDispatcherDuty>();
        builder.Services.AddSingleton(services => new CheckpointServiceConnection(
            services.GetRequiredService<IOptions<CheckpointServiceSettings>>().Value.Url!, token));
        builder.Services.AddHealthChecks().AddCheck<CheckpointServiceReadiness>("checkpoint-service", tags: [ServiceDefaultsExtensions.ReadyTag]);
        return services => new ClusterSchedulerAdapters(
            services.GetRequiredService<IConnectionMultiplexer>(), services.GetRequiredService<BrokerDispatcher>(),
            services.GetRequiredService<CheckpointServiceConnection>().Client,
            Path.GetFullPath(services.GetRequiredService<IOptions<SchedulerAdapterSettings>>().Value.StateDirectory), TimeProvider.System);
    }
}

/// <summary>
/// Consumes the scheduler queue and watches the workers' leases while this scheduler leads: a standby leaves
/// what workers report to the leader (two consumers would split it).
/// </summary>
internal sealed class BrokerDispatcherDuty(BrokerDispatcher dispatcher) : ILeaderDuty
{
    public Task TakeOverAsync(LeaseTerm term, LeaderFence fence, CancellationToken stepDown) => dispatcher.StartAsync(stepDown, () => !fence.IsOver);

    public Task StepDownAsync() => dispatcher.StopConsumingAsync();

    public async Task StopAsync() => await dispatcher.DisposeAsync().ConfigureAwait(false);
}

/// <summary>The checkpoint service's client, with the token on every call; its channel closed with the host.</summary>
internal sealed class CheckpointServiceConnection : IDisposable
{
    private readonly Grpc.Net.Client.GrpcChannel _channel;

    public CheckpointServiceConnection(Uri address, string token) => (Client, _channel) = CheckpointServiceClientFactory.Create(address, token);

    public CheckpointService.CheckpointServiceClient Client { get; }

    public Health.HealthClient Health => new(_channel);

    public void Dispose() => _channel.Dispose();
}

/// <summary>Ready once the checkpoint service says it serves (its own stores answer).</summary>
internal sealed class CheckpointServiceReadiness(CheckpointServiceConnection connection) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var answer = await connection.Health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2), cancellationToken: cancellationToken);
            return answer.Status == HealthCheckResponse.Types.ServingStatus.Serving
                ? HealthCheckResult.Healthy("the checkpoint service serves")
                : HealthCheckResult.Unhealthy($"the checkpoint service says {answer.Status}");
        }
        catch (Grpc.Core.RpcException ex)
        {
            return HealthCheckResult.Unhealthy($"the checkpoint service does not answer: {ex.Status.StatusCode}: {ex.Status.Detail}");
        }
    }
}
