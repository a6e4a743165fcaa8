using k8s.Models;
using TaskMaster.Testing.Servers;

namespace TaskMaster.Deployment.Tests.Chart;

/// <summary>
/// The settings the chart gives each service are a complete and valid configuration of it: the four
/// services, run from their build output with exactly the rendered ConfigMaps and Secret-backed
/// variables, start and become ready on real Redis, RabbitMQ and S3. Only what a cluster resolves
/// differently is put in by the test: where each peer listens (loopback ports instead of the
/// Services' names), the Secrets' values, and a temporary folder for /var/lib/taskmaster.
/// </summary>
public sealed class ChartSettingsTests
{
    private const string DataFolder = "/var/lib/taskmaster";

    [Fact]
    public async Task Stack_WithTheChartsSettings_EveryServiceStartsAndIsReady()
    {
        var cancel = TestContext.Current.CancellationToken;
        using var chart = new ChartCopy();
        var manifests = RenderedManifests.Load(await chart.RenderAsync("--set", "worker.concurrency=2"));
        await using var root = new ServerRoot("chart");
        await using var redis = await RedisServer.StartAsync(root, cancellationToken: cancel);
        await using var rabbit = await RabbitMqServer.StartAsync(root, cancellationToken: cancel);
        await using var s3 = await S3Server.StartAsync(root, S3ServerKind.S3rver, cancellationToken: cancel);
        var secrets = new Dictionary<string, string>
        {
            ["TASKMASTER_CONTROL__TOKEN"] = Guid.NewGuid().ToString("N"),
            ["TASKMASTER_RABBITMQ__URI"] = rabbit.AmqpUri.ToString(),
            ["TASKMASTER_REDIS__ENDPOINT"] = redis.Endpoint,
            ["TASKMASTER_S3__ACCESSKEY"] = s3.AccessKey,
            ["TASKMASTER_S3__SECRETKEY"] = s3.SecretKey,
        };
        var addresses = new Dictionary<string, string> { ["TASKMASTER_S3__URL"] = s3.ServiceUrl.ToString() };

        var started = new List<ServiceProcess>();
        try
        {
            // In the order each needs the one before: the scheduler calls the checkpoint service.
            foreach (var service in new[] { "checkpoint", "scheduler", "monitor", "worker" })
            {
                var settings = Settings(manifests, service, secrets, addresses, Path.Combine(root.Folder, $"{service}-data"));
                var process = await ServiceProcess.StartAsync(root, service, settings, cancellationToken: cancel);
                started.Add(process);
                if (service == "checkpoint") addresses["TASKMASTER_CHECKPOINT__URL"] = process.GrpcUrl.ToString();
            }

            foreach (var process in started)
                Assert.True(await process.AnswersAsync("readyz"), $"{process.Service} is not ready:\n{process.LogTail()}");
        }
        finally
        {
            foreach (var process in started) await process.DisposeAsync();
        }
    }

    // The service's settings as its pod would have them, with what only the cluster resolves put in.
    private static Dictionary<string, string> Settings(
        RenderedManifests manifests, string service, Dictionary<string, string> secrets,
        Dictionary<string, string> addresses, string dataFolder)
    {
        var settings = new Dictionary<string, string>();
        // The pod listens on 0.0.0.0:8080/8081; here each service gets loopback ports of its own.
        foreach (var (key, value) in manifests.Named<V1ConfigMap>($"taskmaster-{service}").Data.Where(s => !s.Key.StartsWith("TASKMASTER_LISTEN__")))
        {
            settings[key] = addresses.TryGetValue(key, out var address) ? address
                : value.StartsWith(DataFolder, StringComparison.Ordinal) ? dataFolder + value[DataFolder.Length..]
                : value;
        }
        var env = new Dictionary<string, string>(settings);
        foreach (var variable in manifests.Named<V1Deployment>($"taskmaster-{service}").Spec.Template.Spec.Containers.Single().Env)
            env[variable.Name] = EnvValue(service, variable, secrets, env);
        // What is not a setting (POD_IP) only feeds the settings that name it.
        return env.Where(e => e.Key.StartsWith("TASKMASTER_", StringComparison.Ordinal)).ToDictionary();
    }

    // A literal (with the $(NAME)s of the variables before it, as the kubelet expands them), the pod's own IP, or a Secret's value: nothing else.
    private static string EnvValue(string service, V1EnvVar variable, Dictionary<string, string> secrets, Dictionary<string, string> before)
    {
        if (variable.ValueFrom is null)
            return System.Text.RegularExpressions.Regex.Replace(variable.Value ?? "", @"\$\(([A-Za-z_][A-Za-z0-9_]*)\)",
                m => before.TryGetValue(m.Groups[1].Value, out var known) ? known : m.Value);
        if (variable.ValueFrom.FieldRef is { } field)
        {
            Assert.True(PodFields.TryGetValue(field.FieldPath, out var local), $"{service}: {variable.Name} reads the pod's field {field.FieldPath}; only its IP is expected");
            return local;
        }
        Assert.True(variable.ValueFrom.SecretKeyRef is not null, $"{service}: {variable.Name} is neither a literal, nor the pod's IP, nor read from a Secret");
        Assert.True(secrets.TryGetValue(variable.Name, out var value), $"{service}: the chart sets {variable.Name} from a Secret this test does not provide");
        return value;
    }

    // The downward API's fields a service may be given, as they read here: its pod's IP is loopback.
    private static readonly Dictionary<string, string> PodFields = new(StringComparer.Ordinal) { ["status.podIP"] = "127.0.0.1" };
}
