using Microsoft.Extensions.Diagnostics.HealthChecks;
using Prometheus;

namespace TaskMaster.ServiceDefaults.Tests.Readiness;

/// <summary><c>taskmaster_service_ready</c>: what <c>/readyz</c> answers, as a metric an alert rule can read.</summary>
public sealed class ReadinessGaugeTests
{
    [Theory]
    [InlineData(HealthStatus.Healthy, 1)]
    [InlineData(HealthStatus.Degraded, 1)]
    [InlineData(HealthStatus.Unhealthy, 0)]
    public async Task Publish_AReadinessReport_SetsTheGaugeAsReadyzAnswers(HealthStatus status, int expected)
    {
        var registry = Metrics.NewCustomRegistry();
        var gauge = new ReadinessGauge(registry);
        var report = new HealthReport(new Dictionary<string, HealthReportEntry>
        {
            ["redis"] = new(status, "", TimeSpan.Zero, null, null),
        }, TimeSpan.Zero);

        await gauge.PublishAsync(report, TestContext.Current.CancellationToken);

        using var text = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(text, TestContext.Current.CancellationToken);
        Assert.Contains($"taskmaster_service_ready {expected}", System.Text.Encoding.UTF8.GetString(text.ToArray()).Split('\n'));
    }
}
