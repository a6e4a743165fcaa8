using Microsoft.Extensions.Diagnostics.HealthChecks;
using Prometheus;

namespace TaskMaster.ServiceDefaults;

/// <summary>
/// <c>taskmaster_service_ready</c> on <c>/metrics</c>: 1 while the readiness checks pass (healthy or
/// degraded, as <c>/readyz</c> answers 200), 0 while one fails, so that an alert rule sees a service
/// that is up but not ready. The health check publisher runs the checks every few seconds.
/// </summary>
internal sealed class ReadinessGauge(CollectorRegistry registry) : IHealthCheckPublisher
{
    private readonly Gauge _ready = Metrics.WithCustomRegistry(registry).CreateGauge("taskmaster_service_ready",
        "1 while the service's readiness checks pass (its /readyz answers 200), 0 while one fails.");

    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        _ready.Set(report.Status == HealthStatus.Unhealthy ? 0 : 1);
        return Task.CompletedTask;
    }
}
