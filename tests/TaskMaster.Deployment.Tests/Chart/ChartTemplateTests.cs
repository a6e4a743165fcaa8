using System.Text;
using System.Xml.Linq;
using k8s.Models;

namespace TaskMaster.Deployment.Tests.Chart;

/// <summary>What `helm install taskmaster charts/taskmaster` (and its optional parts) would create.</summary>
public sealed class ChartTemplateTests
{
    [Fact]
    public async Task Defaults_FourServicesOfTheAppVersionAndThreeBuiltInStoresWithVolumes()
    {
        using var chart = new ChartCopy();
        var version = XDocument.Load(Path.Combine(Repository.Root, "Directory.Build.props")).Descendants("Version").Single().Value;

        var manifests = RenderedManifests.Load(await chart.RenderAsync());

        foreach (var service in ChartScenarios.Services)
        {
            var deployment = manifests.Named<V1Deployment>($"taskmaster-{service}");
            Assert.Equal($"taskmaster-{service}:{version}", deployment.Spec.Template.Spec.Containers.Single().Image);
            manifests.Named<V1Service>($"taskmaster-{service}");
        }
        foreach (var (store, image) in new[] { ("rabbitmq", "rabbitmq:3."), ("redis", "redis:7."), ("minio", "minio/minio:") })
        {
            var set = manifests.Named<V1StatefulSet>($"taskmaster-{store}");
            Assert.Equal(1, set.Spec.Replicas);
            Assert.StartsWith(image, set.Spec.Template.Spec.Containers.Single().Image);
            Assert.Equal("data", Assert.Single(set.Spec.VolumeClaimTemplates).Metadata.Name);
        }
    }

    [Fact]
    public async Task Defaults_NoPodMountsAKubernetesApiToken()
    {
        using var chart = new ChartCopy();

        var manifests = RenderedManifests.Load(await chart.RenderAsync());

        Assert.False(manifests.Named<V1ServiceAccount>("taskmaster").AutomountServiceAccountToken);
        foreach (var (owner, pod) in manifests.PodSpecs())
            Assert.True(pod.AutomountServiceAccountToken == false, $"{owner} mounts a service account token");
        foreach (var service in ChartScenarios.Services)
            Assert.Equal("taskmaster", manifests.Named<V1Deployment>($"taskmaster-{service}").Spec.Template.Spec.ServiceAccountName);
    }

    [Fact]
    public async Task Defaults_SettingsAreTheOnesTheServicesRead()
    {
        using var chart = new ChartCopy();

        var manifests = RenderedManifests.Load(await chart.RenderAsync());

        var scheduler = manifests.Named<V1ConfigMap>("taskmaster-scheduler").Data;
        Assert.Equal("cluster", scheduler["TASKMASTER_SCHEDULER__ADAPTERS"]);
        Assert.Equal("http://taskmaster-checkpoint:8081", scheduler["TASKMASTER_CHECKPOINT__URL"]);
        Assert.Equal("http://taskmaster-minio:9000", manifests.Named<V1ConfigMap>("taskmaster-checkpoint").Data["TASKMASTER_S3__URL"]);
        Assert.Equal("00:00:20", manifests.Named<V1ConfigMap>("taskmaster-worker").Data["TASKMASTER_WORKER__DRAINTIMEOUT"]);
        foreach (var service in ChartScenarios.Services)
        {
            var config = manifests.Named<V1ConfigMap>($"taskmaster-{service}").Data;
            Assert.Equal("0.0.0.0", config["TASKMASTER_LISTEN__ADDRESS"]);
            Assert.Equal("8080", config["TASKMASTER_LISTEN__HTTPPORT"]);
            Assert.Equal("8081", config["TASKMASTER_LISTEN__GRPCPORT"]);
        }
        var redis = Encoding.UTF8.GetString(manifests.Named<V1Secret>("taskmaster-redis").Data["endpoint"]);
        Assert.Matches("^taskmaster-redis:6379,password=[A-Za-z0-9]{40}$", redis);
        var rabbit = Encoding.UTF8.GetString(manifests.Named<V1Secret>("taskmaster-rabbitmq").Data["uri"]);
        Assert.Matches("^amqp://taskmaster:[A-Za-z0-9]{40}@taskmaster-rabbitmq:5672/$", rabbit);
    }

    [Theory]
    [InlineData("defaults")]
    [InlineData("external")]
    public async Task Render_Credentials_OnlyFromSecretsThatExistOrAreNamed(string scenario)
    {
        using var chart = new ChartCopy();

        var manifests = RenderedManifests.Load(await chart.RenderAsync(ChartScenarios.Arguments(chart, scenario)));

        var secrets = manifests.OfType<V1Secret>().ToDictionary(s => s.Metadata.Name);
        string[] secretWords = ["TOKEN", "URI", "ENDPOINT", "ACCESSKEY", "SECRETKEY", "PASSWORD", "ROOT_USER", "DEFAULT_USER", "DEFAULT_PASS", "AUTH"];
        foreach (var (owner, pod) in manifests.PodSpecs())
        {
            foreach (var variable in pod.Containers.SelectMany(c => c.Env ?? []).Where(v => secretWords.Any(v.Name.Contains)))
            {
                Assert.True(variable.Value is null, $"{owner}: {variable.Name} is a plain value");
                var reference = variable.ValueFrom.SecretKeyRef;
                Assert.NotNull(reference);
                if (scenario == "defaults")
                    Assert.True(secrets.TryGetValue(reference.Name, out var secret) && secret.Data.ContainsKey(reference.Key),
                        $"{owner}: {variable.Name} reads {reference.Name}/{reference.Key}, which the chart does not make");
                else
                    Assert.StartsWith("prod-", reference.Name);
            }
        }
        foreach (var config in manifests.OfType<V1ConfigMap>())
            Assert.DoesNotContain(config.Data?.Keys ?? [], key => key.Contains("TOKEN") || key.Contains("SECRETKEY") || key.Contains("__URI"));
    }

    [Fact]
    public async Task Defaults_GeneratedSecrets_RandomPerInstallAndKeptOnUninstall()
    {
        using var chart = new ChartCopy();

        var first = RenderedManifests.Load(await chart.RenderAsync());
        var second = RenderedManifests.Load(await chart.RenderAsync());

        foreach (var name in new[] { "taskmaster-control", "taskmaster-rabbitmq", "taskmaster-redis", "taskmaster-s3" })
        {
            var secret = first.Named<V1Secret>(name);
            Assert.Equal("keep", secret.Metadata.Annotations["helm.sh/resource-policy"]);
            Assert.NotEqual(secret.Data.Values.Select(Convert.ToBase64String), second.Named<V1Secret>(name).Data.Values.Select(Convert.ToBase64String));
        }
        Assert.Equal(40, first.Named<V1Secret>("taskmaster-control").Data["token"].Length);
    }

    [Fact]
    public async Task External_NoStoresRendered_ServicesPointAtTheGivenEndpoints()
    {
        using var chart = new ChartCopy();

        var manifests = RenderedManifests.Load(await chart.RenderAsync("-f", chart.CiValues("external-values.yaml")));

        Assert.Empty(manifests.OfType<V1StatefulSet>());
        Assert.Empty(manifests.OfType<V1Secret>());
        var checkpoint = manifests.Named<V1ConfigMap>("taskmaster-checkpoint").Data;
        Assert.Equal("https://s3.eu-west-1.amazonaws.com", checkpoint["TASKMASTER_S3__URL"]);
        Assert.Equal("acme-taskmaster", checkpoint["TASKMASTER_S3__BUCKET"]);
        Assert.Equal("false", checkpoint["TASKMASTER_S3__CREATEBUCKET"]);
        var env = manifests.Named<V1Deployment>("taskmaster-scheduler").Spec.Template.Spec.Containers.Single().Env;
        Assert.Equal(("prod-rabbitmq", "uri"), Reference(env, "TASKMASTER_RABBITMQ__URI"));
        Assert.Equal(("prod-redis", "endpoint"), Reference(env, "TASKMASTER_REDIS__ENDPOINT"));
        Assert.Equal(("prod-control", "token"), Reference(env, "TASKMASTER_CONTROL__TOKEN"));
    }

    [Fact]
    public async Task Checksum_ChangedSetting_RollsOnlyTheServiceItConcerns()
    {
        using var chart = new ChartCopy();

        var before = RenderedManifests.Load(await chart.RenderAsync());
        var after = RenderedManifests.Load(await chart.RenderAsync("--set", "worker.drainTimeoutSeconds=45"));

        string Checksum(RenderedManifests m, string service) =>
            m.Named<V1Deployment>($"taskmaster-{service}").Spec.Template.Metadata.Annotations["checksum/config"];
        Assert.NotEqual(Checksum(before, "worker"), Checksum(after, "worker"));
        foreach (var service in new[] { "scheduler", "checkpoint", "monitor" })
            Assert.Equal(Checksum(before, service), Checksum(after, service));
    }

    [Fact]
    public async Task AllFeatures_EveryContainerHasProbesRequestsLimitsAndAReadOnlyRoot()
    {
        using var chart = new ChartCopy();

        var manifests = RenderedManifests.Load(await chart.RenderAsync("-f", chart.CiValues("all-features-values.yaml")));

        foreach (var (owner, pod) in manifests.PodSpecs())
        {
            var container = Assert.Single(pod.Containers);
            Assert.True(container.ReadinessProbe is not null && container.LivenessProbe is not null, $"{owner}: no probes");
            Assert.True(container.Resources.Requests.ContainsKey("cpu") && container.Resources.Requests.ContainsKey("memory"), $"{owner}: no requests");
            Assert.True(container.Resources.Limits.ContainsKey("cpu") && container.Resources.Limits.ContainsKey("memory"), $"{owner}: no limits");
            Assert.True(container.SecurityContext.ReadOnlyRootFilesystem, $"{owner}: the root file system is writable");
            Assert.Contains(container.VolumeMounts, m => m.MountPath == "/tmp" && pod.Volumes.Single(v => v.Name == m.Name).EmptyDir is not null);
        }
        foreach (var service in ChartScenarios.Services)
        {
            var pod = manifests.Named<V1Deployment>($"taskmaster-{service}").Spec.Template.Spec;
            var container = pod.Containers.Single();
            Assert.Equal(("/healthz", "http"), (container.LivenessProbe.HttpGet.Path, container.LivenessProbe.HttpGet.Port.Value));
            Assert.Equal(("/readyz", "http"), (container.ReadinessProbe.HttpGet.Path, container.ReadinessProbe.HttpGet.Port.Value));
            var data = container.VolumeMounts.Single(m => m.MountPath == "/var/lib/taskmaster");
            Assert.NotNull(pod.Volumes.Single(v => v.Name == data.Name).EmptyDir);
            Assert.Equal((10001L, 10001L), (pod.SecurityContext.RunAsUser!.Value, pod.SecurityContext.RunAsGroup!.Value));
        }
    }

    [Fact]
    public async Task SharedVolume_MountedAtOnePathWhereQueuesAreRead()
    {
        using var chart = new ChartCopy();

        var manifests = RenderedManifests.Load(await chart.RenderAsync("--set", "sharedVolume.enabled=true,sharedVolume.existingClaim=queues,sharedVolume.mountPath=/srv/queues"));

        foreach (var service in new[] { "scheduler", "worker", "monitor" })
        {
            var pod = manifests.Named<V1Deployment>($"taskmaster-{service}").Spec.Template.Spec;
            var mount = pod.Containers.Single().VolumeMounts.Single(m => m.MountPath == "/srv/queues");
            Assert.Equal("queues", pod.Volumes.Single(v => v.Name == mount.Name).PersistentVolumeClaim.ClaimName);
        }
        Assert.DoesNotContain(manifests.Named<V1Deployment>("taskmaster-checkpoint").Spec.Template.Spec.Containers.Single().VolumeMounts,
            m => m.MountPath == "/srv/queues");
    }

    [Fact]
    public async Task NetworkPolicies_StoresAdmitOnlyTheServicesThatUseThem()
    {
        using var chart = new ChartCopy();

        var manifests = RenderedManifests.Load(await chart.RenderAsync());

        Assert.Equal(["checkpoint", "monitor", "scheduler"], Admitted(manifests, "taskmaster-redis", 6379));
        Assert.Equal(["monitor", "scheduler", "worker"], Admitted(manifests, "taskmaster-rabbitmq", 5672));
        Assert.Equal(["checkpoint"], Admitted(manifests, "taskmaster-minio", 9000));
        Assert.Equal(["scheduler"], Admitted(manifests, "taskmaster-checkpoint", 8081));
    }

    [Fact]
    public async Task Notes_SayHowToReachTheDashboardTheApiAndTheToken()
    {
        using var chart = new ChartCopy();

        var result = await ChartTools.HelmAsync("install", "taskmaster", chart.Folder, "--dry-run=client", "--namespace", "batch");

        Assert.True(result.ExitCode == 0, result.ToString());
        var notes = result.Output[result.Output.IndexOf("NOTES:", StringComparison.Ordinal)..];
        Assert.Contains("kubectl --namespace batch port-forward svc/taskmaster-monitor 8080:8080", notes);
        Assert.Contains("kubectl --namespace batch port-forward svc/taskmaster-scheduler 8081:8081", notes);
        Assert.Contains("get secret taskmaster-control -o jsonpath='{.data.token}'", notes);
        Assert.Contains("grafana_dashboard=\"1\"", notes);
        Assert.Contains("scale deployment/taskmaster-worker", notes);
    }

    private static (string, string) Reference(IEnumerable<V1EnvVar> env, string name)
    {
        var reference = env.Single(v => v.Name == name).ValueFrom.SecretKeyRef;
        return (reference.Name, reference.Key);
    }

    // The components whose pods may reach PORT of the pods the policy NAME selects.
    private static string[] Admitted(RenderedManifests manifests, string name, int port) =>
        [.. manifests.Named<V1NetworkPolicy>(name).Spec.Ingress
            .Where(rule => rule.Ports.Any(p => p.Port.Value == port.ToString()))
            .SelectMany(rule => rule.FromProperty)
            .Where(peer => peer.PodSelector is not null)
            .Select(peer => peer.PodSelector.MatchLabels["app.kubernetes.io/component"])
            .Order()];
}
