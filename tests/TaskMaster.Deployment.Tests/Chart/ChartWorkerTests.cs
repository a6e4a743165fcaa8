using k8s.Models;

namespace TaskMaster.Deployment.Tests.Chart;

/// <summary>The workers' Deployment: its drain on a scale-down, its disruption budget, its autoscalers.</summary>
public sealed class ChartWorkerTests
{
    [Theory]
    [InlineData(20)]
    [InlineData(600)]
    public async Task Worker_TerminationGrace_OutlastsItsDrainAndHostShutdown(int drainSeconds)
    {
        using var chart = new ChartCopy();

        var manifests = RenderedManifests.Load(await chart.RenderAsync("--set", $"worker.drainTimeoutSeconds={drainSeconds}"));

        // The worker drains for DrainTimeout, then its host allows itself 30 s more to hand the rest back.
        var grace = manifests.Named<V1Deployment>("taskmaster-worker").Spec.Template.Spec.TerminationGracePeriodSeconds;
        Assert.True(grace > drainSeconds + 30, $"terminationGracePeriodSeconds {grace} is not above the drain {drainSeconds} s + 30 s");
        Assert.Equal(TimeSpan.FromSeconds(drainSeconds), TimeSpan.Parse(manifests.Named<V1ConfigMap>("taskmaster-worker").Data["TASKMASTER_WORKER__DRAINTIMEOUT"]));
    }

    [Fact]
    public async Task Worker_Defaults_FixedReplicasAndADisruptionBudget()
    {
        using var chart = new ChartCopy();

        var manifests = RenderedManifests.Load(await chart.RenderAsync());

        Assert.Equal(2, manifests.Named<V1Deployment>("taskmaster-worker").Spec.Replicas);
        var budget = manifests.Named<V1PodDisruptionBudget>("taskmaster-worker");
        Assert.Equal("worker", budget.Spec.Selector.MatchLabels["app.kubernetes.io/component"]);
        Assert.Empty(manifests.OfType<V2HorizontalPodAutoscaler>());
        Assert.Empty(manifests.Custom);
    }

    [Fact]
    public async Task Worker_Autoscaling_HpaOwnsTheReplicaCount()
    {
        using var chart = new ChartCopy();

        var manifests = RenderedManifests.Load(await chart.RenderAsync("-f", chart.CiValues("autoscaling-values.yaml")));

        Assert.Null(manifests.Named<V1Deployment>("taskmaster-worker").Spec.Replicas);
        var hpa = manifests.Named<V2HorizontalPodAutoscaler>("taskmaster-worker");
        Assert.Equal(("Deployment", "taskmaster-worker"), (hpa.Spec.ScaleTargetRef.Kind, hpa.Spec.ScaleTargetRef.Name));
        Assert.Equal((2, 8), (hpa.Spec.MinReplicas!.Value, hpa.Spec.MaxReplicas));
    }

    [Fact]
    public async Task Worker_Keda_ScalesOnTheAttemptsQueueWithTheBrokerSecret()
    {
        using var chart = new ChartCopy();

        var manifests = RenderedManifests.Load(await chart.RenderAsync("--set", "worker.keda.enabled=true,queuePrefix=nightly"));

        Assert.Null(manifests.Named<V1Deployment>("taskmaster-worker").Spec.Replicas);
        var scaled = Assert.Single(manifests.Custom, c => c.Kind == "ScaledObject");
        Assert.Equal("taskmaster-worker", scaled.At("spec", "scaleTargetRef", "name"));
        var trigger = (Dictionary<object, object>)((List<object>)scaled.At("spec", "triggers")!).Single();
        Assert.Equal("rabbitmq", trigger["type"]);
        Assert.Equal("nightly-attempts", ((Dictionary<object, object>)trigger["metadata"])["queueName"]);
        var authentication = Assert.Single(manifests.Custom, c => c.Kind == "TriggerAuthentication");
        var target = (Dictionary<object, object>)((List<object>)authentication.At("spec", "secretTargetRef")!).Single();
        Assert.Equal(("host", "taskmaster-rabbitmq", "uri"), (target["parameter"], target["name"], target["key"]));
        var broker = manifests.Named<V1NetworkPolicy>("taskmaster-rabbitmq");
        Assert.Contains(broker.Spec.Ingress.SelectMany(i => i.FromProperty ?? []),
            peer => peer.NamespaceSelector?.MatchLabels["kubernetes.io/metadata.name"] == "keda");
    }
}
