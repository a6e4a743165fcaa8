using System.Net;
using System.Text.Json;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using TaskMaster.Contracts.Monitor.V1;
using TaskMaster.Core.Events;
using TaskMaster.Core.Tests;
using TaskMaster.Core.Tests.Scheduling;
using TaskMaster.Monitor.Tests.Support;

namespace TaskMaster.Monitor.Tests.Cluster;

/// <summary>The monitor service, composed as its host does, answering over gRPC and HTTP.</summary>
public sealed class MonitorServiceHostTests
{
    private static async Task<(ClusterHarness Cluster, MonitorServiceHost Host)> StartWithCompletedRunAsync(string runId)
    {
        var cluster = new ClusterHarness();
        var (done, _, _) = cluster.StartRun(runId, TestQueues.Diamond(), new ScriptedExecutor());
        await done.WaitAsync(ClusterHarness.Timeout);
        var host = await MonitorServiceHost.StartAsync(cluster.Runs);
        await host.Monitor.FirstRead.WaitAsync(ClusterHarness.Timeout);
        host.Monitor.TryGet(runId, out var run);
        await ClusterHarness.UntilAsync(run, r => r.Ended || r.Problem is not null);
        Assert.Null(run.Problem);
        return (cluster, host);
    }

    [Fact]
    public async Task ListRuns_CompletedRunInTheCatalog_ListedWithItsStateAndProgress()
    {
        var (cluster, host) = await StartWithCompletedRunAsync("run-list");
        await using var _ = cluster;
        await using var __ = host;

        var response = await new MonitorService.MonitorServiceClient(host.Grpc).ListRunsAsync(new ListRunsRequest());

        var run = Assert.Single(response.Runs);
        Assert.Equal(("run-list", "completed", 4, 4), (run.RunId, run.State, run.Finished, run.Total));
    }

    [Fact]
    public async Task GetStatus_KnownRun_StatusJsonAsTaskMasterStatusPrintsIt()
    {
        var (cluster, host) = await StartWithCompletedRunAsync("run-status");
        await using var _ = cluster;
        await using var __ = host;

        var response = await new MonitorService.MonitorServiceClient(host.Grpc).GetStatusAsync(new GetStatusRequest { RunId = "run-status" });

        using var status = JsonDocument.Parse(response.StatusJson.Memory);
        Assert.Equal("completed", status.RootElement.GetProperty("state").GetString());
        Assert.Equal(4, status.RootElement.GetProperty("task_counts").GetProperty("succeeded").GetInt32());
    }

    [Fact]
    public async Task GetStatus_UnknownRun_NotFound()
    {
        var (cluster, host) = await StartWithCompletedRunAsync("run-known");
        await using var _ = cluster;
        await using var __ = host;

        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
            await new MonitorService.MonitorServiceClient(host.Grpc).GetStatusAsync(new GetStatusRequest { RunId = "run-other" }));

        Assert.Equal(StatusCode.NotFound, refused.StatusCode);
    }

    [Fact]
    public async Task WatchEvents_FromAPosition_StreamsTheEventsAfterItInJournalOrder()
    {
        var (cluster, host) = await StartWithCompletedRunAsync("run-watch");
        await using var _ = cluster;
        await using var __ = host;

        using var call = new MonitorService.MonitorServiceClient(host.Grpc).WatchEvents(new WatchEventsRequest { RunId = "run-watch", AfterSequence = 1 });
        var events = new List<WatchEventsResponse>();
        await foreach (var e in call.ResponseStream.ReadAllAsync()) events.Add(e);

        Assert.Equal(Enumerable.Range(2, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.Equal(nameof(RunCompleted), events[^1].Type);
        Assert.IsType<RunCompleted>(RunEventJson.Deserialize(events[^1].Json.Span));
    }

    [Fact]
    public async Task Health_CatalogRead_ReadyzAndGrpcHealthServe()
    {
        var (cluster, host) = await StartWithCompletedRunAsync("run-health");
        await using var _ = cluster;
        await using var __ = host;

        using var ready = await host.Http.GetAsync("readyz");
        var health = await new Health.HealthClient(host.Grpc).CheckAsync(new HealthCheckRequest());

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [Fact]
    public async Task Reflection_ListServices_NamesTheMonitorService()
    {
        var (cluster, host) = await StartWithCompletedRunAsync("run-reflect");
        await using var _ = cluster;
        await using var __ = host;

        using var call = new ServerReflection.ServerReflectionClient(host.Grpc).ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext());

        Assert.Contains("taskmaster.monitor.v1.MonitorService", call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name));
    }

    [Fact]
    public async Task ClusterRuns_Http_ListsTheRunsForThePicker()
    {
        var (cluster, host) = await StartWithCompletedRunAsync("run-picker");
        await using var _ = cluster;
        await using var __ = host;

        using var listing = JsonDocument.Parse(await host.Http.GetStringAsync("api/v1/cluster/runs"));

        var run = Assert.Single(listing.RootElement.GetProperty("runs").EnumerateArray());
        Assert.Equal("run-picker", run.GetProperty("run_id").GetString());
        Assert.Equal("completed", run.GetProperty("state").GetString());
    }

    [Fact]
    public async Task RunPage_Http_TheDashboardAsksForItsDataUnderTheRunAndListsTheClustersRuns()
    {
        var (cluster, host) = await StartWithCompletedRunAsync("run-page");
        await using var _ = cluster;
        await using var __ = host;

        var page = await host.Http.GetStringAsync("runs/run-page/");

        Assert.Contains("\"monitor_url\":\"/runs/run-page\"", page, StringComparison.Ordinal);
        Assert.Contains("\"cluster_runs_url\":\"../../api/v1/cluster/runs\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunTasks_Http_TheRowsOfThatRunsFold()
    {
        var (cluster, host) = await StartWithCompletedRunAsync("run-rows");
        await using var _ = cluster;
        await using var __ = host;

        using var tasks = JsonDocument.Parse(await host.Http.GetStringAsync("runs/run-rows/api/v1/tasks"));

        Assert.Equal(["succeeded", "succeeded", "succeeded", "succeeded"],
            tasks.RootElement.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("state").GetString()));
    }

    [Fact]
    public async Task Root_Http_RedirectsToTheNewestRunsDashboard()
    {
        var (cluster, host) = await StartWithCompletedRunAsync("run-newest");
        await using var _ = cluster;
        await using var __ = host;
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.Http.BaseAddress };

        using var response = await http.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/runs/run-newest/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task TaskLog_Http_TheLinesTheWorkerStreamed()
    {
        var (cluster, host) = await StartWithCompletedRunAsync("run-log");
        await using var _ = cluster;
        await using var __ = host;
        host.Logs.Append("run-log", "b", 1, 0, ["building b", "done"]);

        using var page = JsonDocument.Parse(await host.Http.GetStringAsync("runs/run-log/api/v1/tasks/b/log?attempt=1"));

        Assert.Equal("building b\ndone\n", page.RootElement.GetProperty("text").GetString());
        Assert.True(page.RootElement.GetProperty("complete").GetBoolean());
    }
}
