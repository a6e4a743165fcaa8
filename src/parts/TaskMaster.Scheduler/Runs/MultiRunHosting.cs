using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TaskMaster.Scheduler.Runs;

/// <summary>Ready once every unfinished run has been resumed.</summary>
internal sealed class MultiRunReadiness(MultiRunScheduler runs) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(runs.Started ? HealthCheckResult.Healthy("runs resumed") : HealthCheckResult.Unhealthy("resuming the unfinished runs"));
}

public static class MultiRunServiceExtensions
{
    /// <summary>
    /// Registers the multi-run scheduler over <paramref name="adapters"/>, the scheduler API over its runs
    /// (every call guarded by <paramref name="token"/>), its start and clean stop with the host, and a
    /// readiness check tagged <paramref name="readyTag"/>.
    /// </summary>
    public static IServiceCollection AddMultiRunScheduler(this IServiceCollection services, Func<IServiceProvider, ISchedulerAdapters> adapters,
        MultiRunOptions options, string token, string readyTag)
    {
        services.AddSingleton(options);
        services.AddSingleton(adapters);
        services.AddSingleton(provider => new MultiRunScheduler(provider.GetRequiredService<ISchedulerAdapters>(), options,
            provider.GetService<TimeProvider>() ?? TimeProvider.System, provider.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>()));
        services.AddSingleton<Control.IRunDirectory>(provider => provider.GetRequiredService<MultiRunScheduler>());
        services.AddHostedService(provider => new MultiRunHostedService(provider.GetRequiredService<MultiRunScheduler>(),
            provider.GetService<TimeProvider>() ?? TimeProvider.System, provider.GetRequiredService<Microsoft.Extensions.Logging.ILogger<MultiRunHostedService>>()));
        services.AddHealthChecks().AddCheck<MultiRunReadiness>("runs", tags: [readyTag]);
        return services.AddSchedulerApi(token);
    }
}
