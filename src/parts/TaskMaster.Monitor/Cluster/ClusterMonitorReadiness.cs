using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TaskMaster.Monitor.Cluster;

/// <summary>Ready once the run catalog has been read, and while it can be (its store, Redis, answers).</summary>
public sealed class ClusterMonitorReadiness(ClusterMonitor monitor) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(monitor.Ready
            ? HealthCheckResult.Healthy($"{monitor.Runs.Count} run(s) followed")
            : HealthCheckResult.Unhealthy("the run catalog has not been read yet, or its last read failed"));
}
