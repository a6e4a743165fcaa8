using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace TaskMaster.ServiceDefaults;

/// <summary>
/// Ready once the host has started every hosted service (a service's own connections are checks of
/// their own, beside this one). It also gives grpc.health.v1 a check to answer from on a service
/// that has no other yet: with none it says UNKNOWN, not SERVING.
/// </summary>
internal sealed class StartedCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifetime.ApplicationStarted.IsCancellationRequested && !lifetime.ApplicationStopping.IsCancellationRequested
            ? HealthCheckResult.Healthy("started")
            : HealthCheckResult.Unhealthy(lifetime.ApplicationStopping.IsCancellationRequested ? "stopping" : "starting"));
}
