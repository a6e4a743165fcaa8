using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using TaskMaster.Scheduler.Leadership;
using TaskMaster.ServiceDefaults;

namespace TaskMaster.Scheduler.Runs;

/// <summary>Ready once every unfinished run has been resumed, while leading; ready at once while standing by (it serves reads).</summary>
internal sealed class MultiRunReadiness(MultiRunScheduler runs) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(!runs.Leading ? HealthCheckResult.Healthy("standing by: serving reads")
            : runs.Started ? HealthCheckResult.Healthy("leading: runs resumed") : HealthCheckResult.Unhealthy("leading: resuming the unfinished runs"));
}

public static class MultiRunServiceExtensions
{
    /// <summary>
    /// Registers the multi-run scheduler over <paramref name="adapters"/>, led by whoever holds
    /// <paramref name="lease"/> (its runs are resumed when this scheduler wins it, after the
    /// <see cref="ILeaderDuty"/> duties registered before this call), the scheduler API over its runs (every call
    /// guarded by <paramref name="token"/>; on a standby, those only the leader answers are refused naming it),
    /// and a readiness check tagged <paramref name="readyTag"/>.
    /// </summary>
    public static IServiceCollection AddMultiRunScheduler(this IServiceCollection services, Func<IServiceProvider, ISchedulerAdapters> adapters,
        Func<IServiceProvider, ILeaderLease> lease, MultiRunOptions options, LeadershipOptions leadership, string token, string readyTag)
    {
        services.AddSingleton(options);
        services.AddSingleton(adapters);
        services.AddSingleton(provider => new MultiRunScheduler(provider.GetRequiredService<ISchedulerAdapters>(), options,
            provider.GetService<TimeProvider>() ?? TimeProvider.System, provider.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<Control.IRunDirectory>(provider => provider.GetRequiredService<MultiRunScheduler>());
        // The last duty: taken up once the others are (the dispatcher consumes), ended before them.
        services.AddSingleton<ILeaderDuty>(provider => new MultiRunLeaderDuty(provider.GetRequiredService<MultiRunScheduler>(),
            provider.GetService<TimeProvider>() ?? TimeProvider.System, provider.GetRequiredService<ILogger<MultiRunLeaderDuty>>()));
        services.AddSingleton(provider => new SchedulerLeadership(lease(provider), leadership, Candidate(leadership, provider),
            provider.GetServices<ILeaderDuty>(), provider.GetService<TimeProvider>() ?? TimeProvider.System,
            provider.GetRequiredService<ILogger<SchedulerLeadership>>()));
        services.AddHostedService(provider => provider.GetRequiredService<SchedulerLeadership>());
        services.AddHealthChecks().AddCheck<MultiRunReadiness>("runs", tags: [readyTag]);
        services.AddSchedulerApi(token);
        // After the token's check: a caller without the token learns nothing of the leader, and holds no call waiting for one.
        services.AddSingleton<LeaderOnlyInterceptor>();
        return services.AddGrpc(grpc => grpc.Interceptors.Add<LeaderOnlyInterceptor>()).Services;
    }

    // Unique per process (a restarted scheduler is a new candidate); its address as clients reach it.
    private static LeaseCandidate Candidate(LeadershipOptions leadership, IServiceProvider provider)
    {
        var id = $"{Dns.GetHostName()}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}".Replace(' ', '_');
        if (leadership.AdvertisedAddress.Length > 0) return new LeaseCandidate(id, leadership.AdvertisedAddress);
        var listen = provider.GetService<Microsoft.Extensions.Options.IOptions<ServiceEndpoints>>()?.Value ?? new ServiceEndpoints();
        var host = listen.Address is "0.0.0.0" or "::" ? Dns.GetHostName() : listen.Address.Contains(':', StringComparison.Ordinal) ? $"[{listen.Address}]" : listen.Address;
        return new LeaseCandidate(id, $"http://{host}:{listen.GrpcPort}");
    }
}
