using k8s.Models;

namespace TaskMaster.Deployment.Tests.Chart;

/// <summary>What Prometheus and Grafana get: ServiceMonitors and the alert rules, and the dashboards for the sidecar.</summary>
public sealed class ChartMonitoringTests
{
    [Fact]
    public async Task Monitoring_NoOperator_RulesAsAPlainFileAndNoServiceMonitors()
    {
        using var chart = new ChartCopy();
        var rules = File.ReadAllText(Path.Combine(chart.Folder, "files", "taskmaster.rules.yaml"));

        var manifests = RenderedManifests.Load(await chart.RenderAsync());

        Assert.Equal(rules.TrimEnd(), manifests.Named<V1ConfigMap>("taskmaster-rules").Data["taskmaster.rules.yaml"].TrimEnd());
        Assert.Empty(manifests.Custom);
    }

    [Theory]
    [InlineData("--api-versions", "monitoring.coreos.com/v1")]
    [InlineData("--set", "monitoring.prometheusOperator=enabled")]
    public async Task Monitoring_Operator_ServiceMonitorPerServiceAndAPrometheusRule(string option, string value)
    {
        using var chart = new ChartCopy();

        var manifests = RenderedManifests.Load(await chart.RenderAsync(option, value));

        var monitors = manifests.Custom.Where(c => c.Kind == "ServiceMonitor").Select(c => c.Name).Order();
        Assert.Equal(ChartScenarios.Services.Select(s => $"taskmaster-{s}").Order(), monitors);
        var rule = Assert.Single(manifests.Custom, c => c.Kind == "PrometheusRule");
        Assert.NotEmpty((List<object>)rule.At("spec", "groups")!);
        Assert.DoesNotContain(manifests.OfType<V1ConfigMap>(), c => c.Metadata.Name == "taskmaster-rules");
    }

    [Fact]
    public async Task Dashboards_EachFileAConfigMapLabelledForTheSidecar()
    {
        using var chart = new ChartCopy();
        var dashboard = File.ReadAllText(Path.Combine(chart.Folder, "dashboards", ChartCopy.FixtureDashboard));

        var defaults = RenderedManifests.Load(await chart.RenderAsync());
        var relabelled = RenderedManifests.Load(await chart.RenderAsync("--set", "grafana.dashboards.label=dashboards,grafana.dashboards.labelValue=taskmaster"));

        var map = defaults.Named<V1ConfigMap>("taskmaster-dashboard-fixture-overview");
        Assert.Equal("1", map.Metadata.Labels["grafana_dashboard"]);
        Assert.Equal(dashboard.TrimEnd(), map.Data[ChartCopy.FixtureDashboard].TrimEnd());
        Assert.Equal("taskmaster", relabelled.Named<V1ConfigMap>("taskmaster-dashboard-fixture-overview").Metadata.Labels["dashboards"]);
    }
}
