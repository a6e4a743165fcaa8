using k8s.Models;

namespace TaskMaster.Deployment.Tests.Chart;

/// <summary>The schedulers' Deployment: replicas sharing the leader lease, rolled one at a time, each advertising its own pod.</summary>
public sealed class ChartSchedulerTests
{
    [Fact]
    public async Task Scheduler_Defaults_TwoReplicasRolledOneAtATimeWithTheLeaseSettingsAndADisruptionBudget()
    {
        using var chart = new ChartCopy();

        var manifests = RenderedManifests.Load(await chart.RenderAsync());

        var deployment = manifests.Named<V1Deployment>("taskmaster-scheduler");
        Assert.Equal(2, deployment.Spec.Replicas);
        Assert.Equal("RollingUpdate", deployment.Spec.Strategy.Type);
        Assert.Equal("0", deployment.Spec.Strategy.RollingUpdate.MaxUnavailable.Value);
        var settings = manifests.Named<V1ConfigMap>("taskmaster-scheduler").Data;
        Assert.Equal(("3", "1"), (settings["TASKMASTER_SCHEDULER__LEASESECONDS"], settings["TASKMASTER_SCHEDULER__LEASERENEWSECONDS"]));
        var env = deployment.Spec.Template.Spec.Containers.Single().Env;
        Assert.Equal("status.podIP", env.Single(e => e.Name == "POD_IP").ValueFrom.FieldRef.FieldPath);
        Assert.Equal("http://$(POD_IP):8081", env.Single(e => e.Name == "TASKMASTER_SCHEDULER__ADVERTISEDADDRESS").Value);
        // POD_IP is defined before the value that expands it.
        Assert.True(env.ToList().FindIndex(e => e.Name == "POD_IP") < env.ToList().FindIndex(e => e.Name == "TASKMASTER_SCHEDULER__ADVERTISEDADDRESS"));
        var budget = manifests.Named<V1PodDisruptionBudget>("taskmaster-scheduler");
        Assert.Equal("scheduler", budget.Spec.Selector.MatchLabels["app.kubernetes.io/component"]);
        Assert.Equal("1", budget.Spec.MaxUnavailable.Value);
    }

    [Fact]
    public async Task Scheduler_OneReplica_HasNoDisruptionBudget_AndTheLeaseSettingsAreAsGiven()
    {
        using var chart = new ChartCopy();

        var manifests = RenderedManifests.Load(await chart.RenderAsync("--set", "scheduler.replicas=1,scheduler.leaseSeconds=10,scheduler.leaseRenewSeconds=2"));

        Assert.Equal(1, manifests.Named<V1Deployment>("taskmaster-scheduler").Spec.Replicas);
        Assert.DoesNotContain(manifests.OfType<V1PodDisruptionBudget>(), b => b.Metadata.Name == "taskmaster-scheduler");
        var settings = manifests.Named<V1ConfigMap>("taskmaster-scheduler").Data;
        Assert.Equal(("10", "2"), (settings["TASKMASTER_SCHEDULER__LEASESECONDS"], settings["TASKMASTER_SCHEDULER__LEASERENEWSECONDS"]));
    }
}
