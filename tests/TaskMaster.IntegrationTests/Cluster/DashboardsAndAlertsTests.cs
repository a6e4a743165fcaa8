using System.Text.Json;
using TaskMaster.Contracts.Scheduler.V1;
using TaskMaster.Core.Events;
using TaskMaster.IntegrationTests.Messaging;
using TaskMaster.SchedulerService.Tests.Support;
using TaskMaster.Testing.Servers;

namespace TaskMaster.IntegrationTests.Cluster;

/// <summary>
/// The chart's alert rules and dashboards against the real thing: a Prometheus with
/// charts/taskmaster/files/taskmaster.rules.yaml scraping the cluster's services (the stack, and a
/// monitor service of the test's own) and an executor (<c>task-master execute --monitor</c>), sending
/// its alerts to a real Alertmanager whose webhook receiver is the test's.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class DashboardsAndAlertsTests(ClusterStack stack)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);

    private static readonly string RulesFile = Path.Combine(ServerScript.RepositoryRoot, "charts", "taskmaster", "files", "taskmaster.rules.yaml");

    // Each task says which worker ran it: the worker killed is the one that does not run "hold".
    private const string ClusterQueue = """
        # Queue: dashboards

        ### first: Ends at once
        - run: `true`

        ### hold: Runs while a worker is down
        - depends: first
        - run: `echo "$TASKMASTER_HOME" > holder.tmp; mv holder.tmp holder; while [ ! -f release ]; do sleep 0.1; done`
        """;

    private const string ExecutorQueue = """
        # Queue: executor

        ### one: First
        - run: `true`

        ### two: Second
        - depends: one
        - run: `true`
        """;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WorkerKilledMidRun_ServiceDownReachesTheWebhookThroughAlertmanagerAndResolves_AndEveryDashboardQueryReturnsSeriesMeanwhile()
    {
        await using var root = new ServerRoot("graf");
        await using var alertmanager = await AlertmanagerServer.StartAsync(root, cancellationToken: Cancel);
        await using var prometheus = await PrometheusServer.StartAsync(root, [RulesFile], alertmanager.HostPort, cancellationToken: Cancel);
        var monitor = await ServiceProcess.StartAsync(root, "monitor", new Dictionary<string, string>(stack.BrokerSettings)
        {
            ["TASKMASTER_REDIS__ENDPOINT"] = stack.RedisEndpoint,
            ["TASKMASTER_MONITOR__CATALOGINTERVAL"] = "00:00:00.200",
            ["TASKMASTER_MONITOR__DATADIRECTORY"] = Path.Combine(root.Folder, "monitor-data"),
        }, cancellationToken: Cancel);
        await using var executor = await MonitoredExecutor.StartAsync(Path.Combine(root.Folder, "executor"), ExecutorQueue, TimeSpan.FromSeconds(90));
        var (runId, folder) = await stack.SubmitAsync("dashboards", ClusterQueue);
        await Await.FileAsync(Path.Combine(folder, "holder"), Timeout, stack.Logs);
        var client = stack.Client();
        await client.TakeCheckpointAsync(new TakeCheckpointRequest { RunId = runId, Force = true }, SchedulerClients.Within(60));
        var killed = stack.Workers[1 - stack.WorkerOf(Path.Combine(folder, "holder"))];
        var killedJob = $"taskmaster-worker-{stack.Workers.ToList().IndexOf(killed) + 1}";
        var targets = new Dictionary<string, ServiceProcess>
        {
            ["taskmaster-scheduler"] = stack.Scheduler, ["taskmaster-checkpoint"] = stack.Checkpoint, ["taskmaster-monitor"] = monitor,
            ["taskmaster-worker-1"] = stack.Workers[0], ["taskmaster-worker-2"] = stack.Workers[1],
        };
        foreach (var (job, service) in targets) await prometheus.AddTargetAsync(job, $"{service.HttpUrl.Host}:{service.HttpUrl.Port}");
        await prometheus.AddTargetAsync("taskmaster-executor", executor.HostPort);
        string Logs() => $"{prometheus.LogTail()}{Environment.NewLine}{monitor.LogTail()}{Environment.NewLine}{executor.Output()}{Environment.NewLine}{stack.Logs()}";
        // Every target scraped, and the cluster's run (with its checkpoint) folded by the monitor service and scraped from it.
        await SeriesAsync(prometheus, "up == 1", 6, Logs);
        await SeriesAsync(prometheus, $"taskmaster_checkpoint_age_seconds{{run_id=\"{runId}\"}}", 1, Logs);

        JsonElement firing, resolved;
        List<string> empty;
        try
        {
            await killed.KillAsync(Cancel);
            firing = await alertmanager.Webhook.WaitForAsync(b => AlertIn(b, "TaskMasterServiceDown", killedJob, "firing") is not null, Timeout);
            empty = await QueriesWithoutSeriesAsync(prometheus);
        }
        finally
        {
            await killed.StartAgainAsync(Cancel);
        }
        resolved = await alertmanager.Webhook.WaitForAsync(b => AlertIn(b, "TaskMasterServiceDown", killedJob, "resolved") is not null, Timeout);
        await File.WriteAllTextAsync(Path.Combine(folder, "release"), "", Cancel);
        var events = await RunWaits.WatchToEndAsync(client, runId, seconds: 120);

        var alert = AlertIn(firing, "TaskMasterServiceDown", killedJob, "firing")!.Value;
        Assert.Equal("critical", alert.GetProperty("labels").GetProperty("severity").GetString());
        Assert.Equal($"{killed.HttpUrl.Host}:{killed.HttpUrl.Port}", alert.GetProperty("labels").GetProperty("instance").GetString());
        Assert.Equal("docs/grafana.md#taskmasterservicedown", alert.GetProperty("annotations").GetProperty("runbook_url").GetString());
        Assert.NotNull(AlertIn(resolved, "TaskMasterServiceDown", killedJob, "resolved"));
        Assert.True(empty.Count == 0, $"queries that returned no series:{Environment.NewLine}{string.Join(Environment.NewLine, empty)}");
        Assert.True(Assert.IsType<RunCompleted>(events[^1]).Succeeded);
    }

    /// <summary>
    /// Every variable's query, then every panel's with the variables set to every value they found
    /// (as Grafana's All), run as an instant query: those that returned no series, with where they are.
    /// </summary>
    private static async Task<List<string>> QueriesWithoutSeriesAsync(PrometheusServer prometheus)
    {
        var empty = new List<string>();
        // As the dashboards' All: a namespace regex matching series without the label too; the jobs the variable finds.
        var values = new Dictionary<string, string> { ["namespace"] = ".*" };
        foreach (var (where, selector, label) in DashboardQueries.Variables().DistinctBy(v => v.Label))
        {
            if (label == "namespace") continue;
            var found = await prometheus.QueryAsync(DashboardQueries.Substitute(selector, values));
            var labelValues = found.EnumerateArray().Select(s => s.GetProperty("metric").TryGetProperty(label, out var v) ? v.GetString() : null)
                .OfType<string>().Distinct().ToList();
            if (labelValues.Count == 0) empty.Add($"{where}: label_values({selector}, {label})");
            // A run without run_id (the executor's) is matched by the empty alternative, as by Grafana's ".*".
            values[label] = label == "run_id" ? ".*" : $"({string.Join('|', labelValues.Select(System.Text.RegularExpressions.Regex.Escape))})";
        }
        foreach (var (where, expr) in DashboardQueries.Panels())
        {
            var promql = DashboardQueries.Substitute(expr, values);
            if ((await prometheus.QueryAsync(promql)).GetArrayLength() == 0) empty.Add($"{where}: {promql}");
        }
        return empty;
    }

    private static async Task SeriesAsync(PrometheusServer prometheus, string promql, int count, Func<string> logs) =>
        await Probe.UntilAsync<object>(async () => (await prometheus.QueryAsync(promql)).GetArrayLength() >= count ? new object() : null,
            Timeout, $"{count} series of {promql}", logs);

    private static JsonElement? AlertIn(JsonElement body, string name, string job, string status)
    {
        foreach (var alert in body.GetProperty("alerts").EnumerateArray())
        {
            var labels = alert.GetProperty("labels");
            if (labels.GetProperty("alertname").GetString() == name && alert.GetProperty("status").GetString() == status
                && labels.TryGetProperty("job", out var j) && j.GetString() == job)
                return alert;
        }
        return null;
    }
}
