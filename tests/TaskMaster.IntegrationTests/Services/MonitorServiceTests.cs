using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Grpc.Net.Client;
using MassTransit;
using TaskMaster.Contracts.Monitor.V1;
using TaskMaster.Core.Events;
using TaskMaster.IntegrationTests.Fixtures;
using TaskMaster.IntegrationTests.Messaging;
using TaskMaster.RabbitMq;
using TaskMaster.RabbitMq.Messages;
using TaskMaster.Testing.Servers;

namespace TaskMaster.IntegrationTests.Services;

/// <summary>
/// The monitor service as the real process scripts/dev-up.sh runs, over the assembly's Redis and
/// RabbitMQ: runs journaled into Redis as the scheduler journals them, and log lines published on
/// the broker as workers publish them. (A call without the token: EveryServiceTests.)
/// </summary>
public sealed class MonitorServiceTests(Servers servers) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly ServerRoot _root = new("mon");
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunJournaledInRedis_ShowsInTheRunListStatusAndDashboard()
    {
        var (service, _) = await StartAsync();
        await using var redis = await servers.Redis.ConnectAsync();
        await using var run = await JournaledRun.StartAsync(redis, Path.Combine(_root.Folder, "queue-status"), Cancel);
        var now = DateTimeOffset.UtcNow;

        await run.WriteAsync([new TaskStarted(now, "a", 1), new TaskSucceeded(now, "a", 1, 0, TimeSpan.FromSeconds(1)), new TaskStarted(now, "b", 1)], Cancel);
        var status = new Uri(service.HttpUrl, $"/api/v1/cluster/runs/{run.RunId}/status");
        await Await.ConditionAsync(async () => (await _http.GetAsync(status, Cancel)).StatusCode == HttpStatusCode.OK
                && JsonDocument.Parse(await _http.GetStringAsync(status, Cancel)).RootElement.GetProperty("task_counts").GetProperty("succeeded").GetInt32() == 1,
            Timeout, "the run's status with a succeeded", service.LogTail);

        using var listing = JsonDocument.Parse(await _http.GetStringAsync(new Uri(service.HttpUrl, "/api/v1/cluster/runs"), Cancel));
        var listed = listing.RootElement.GetProperty("runs").EnumerateArray().Single(r => r.GetProperty("run_id").GetString() == run.RunId);
        Assert.Equal(("running", 1, 2), (listed.GetProperty("state").GetString(), listed.GetProperty("finished").GetInt32(), listed.GetProperty("total").GetInt32()));
        using var tasks = JsonDocument.Parse(await _http.GetStringAsync(new Uri(service.HttpUrl, $"/runs/{run.RunId}/api/v1/tasks"), Cancel));
        Assert.Equal(["succeeded", "running"], tasks.RootElement.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("state").GetString()));
        var page = await _http.GetStringAsync(new Uri(service.HttpUrl, $"/runs/{run.RunId}/"), Cancel);
        Assert.Contains("\"cluster_runs_url\":\"../../api/v1/cluster/runs\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunJournaledInRedis_ItsHistoryAndReportAreReadFromItsStream()
    {
        var (service, _) = await StartAsync();
        await using var redis = await servers.Redis.ConnectAsync();
        await using var run = await JournaledRun.StartAsync(redis, Path.Combine(_root.Folder, "queue-report"), Cancel);
        var now = DateTimeOffset.UtcNow;

        await run.WriteAsync([new TaskStarted(now, "a", 1), new TaskSucceeded(now, "a", 1, 0, TimeSpan.FromSeconds(1)), new TaskStarted(now, "b", 1)], Cancel);
        var history = new Uri(service.HttpUrl, $"/runs/{run.RunId}/api/v1/history");
        await Await.ConditionAsync(async () => (await _http.GetAsync(history, Cancel)).StatusCode == HttpStatusCode.OK
                && JsonDocument.Parse(await _http.GetStringAsync(history, Cancel)).RootElement.GetProperty("timeline").GetArrayLength() == 2,
            Timeout, "the run's history with both attempts", service.LogTail);

        using var report = JsonDocument.Parse(await _http.GetStringAsync(new Uri(service.HttpUrl, $"/runs/{run.RunId}/api/v1/report"), Cancel));
        var counts = report.RootElement.GetProperty("counts");
        Assert.Equal((2, 1, 1, 2), (counts.GetProperty("total").GetInt32(), counts.GetProperty("succeeded").GetInt32(),
            counts.GetProperty("running").GetInt32(), counts.GetProperty("attempts").GetInt32()));
        Assert.Equal(("running", true), (report.RootElement.GetProperty("state").GetString(), report.RootElement.GetProperty("live").GetBoolean()));
    }

    [Fact]
    public async Task LogLinesPublishedOnTheBroker_ShowInTheTasksLogOverHttp()
    {
        var (service, _) = await StartAsync();
        await using var redis = await servers.Redis.ConnectAsync();
        await using var run = await JournaledRun.StartAsync(redis, Path.Combine(_root.Folder, "queue-log"), Cancel);
        await run.WriteAsync([new TaskStarted(DateTimeOffset.UtcNow, "a", 1)], Cancel);
        var tasks = new Uri(service.HttpUrl, $"/runs/{run.RunId}/api/v1/tasks");
        await Await.ConditionAsync(async () => (await _http.GetAsync(tasks, Cancel)).IsSuccessStatusCode, Timeout, "the run's dashboard", service.LogTail);
        var worker = servers.RabbitMq.CreateBus(rabbit => TaskMasterBus.ConfigureHost(rabbit, new RabbitMqSettings { Uri = servers.RabbitMq.AmqpUri }));
        await worker.StartAsync(Cancel);
        try
        {
            var at = DateTimeOffset.UtcNow;
            // Published as a worker publishes them: the service's own queue is bound to their exchange since it is ready.
            await worker.Publish(new AttemptLogLines(run.RunId, "a", 1, "worker-1", 0,
                [new AttemptLogLine(at, AttemptOutputStream.Stdout, "building a"), new AttemptLogLine(at, AttemptOutputStream.Stderr, "warning: <b>")]), Cancel);
            await worker.Publish(new AttemptLogLines(run.RunId, "a", 1, "worker-1", 1, [new AttemptLogLine(at, AttemptOutputStream.Stdout, "done")]), Cancel);
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }

        var log = new Uri(service.HttpUrl, $"/runs/{run.RunId}/api/v1/tasks/a/log?attempt=1");
        string? text = null;
        await Await.ConditionAsync(async () =>
        {
            using var response = await _http.GetAsync(log, Cancel);
            text = response.IsSuccessStatusCode ? JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("text").GetString() : null;
            return text == "building a\nwarning: <b>\ndone\n";
        }, Timeout, "the task's log", () => $"last seen: {text ?? "(none)"}{Environment.NewLine}{service.LogTail()}");
    }

    [Fact]
    public async Task RedisUnreachable_NotReady_AndTheServiceKeepsServing()
    {
        var (service, _) = await StartAsync(new Dictionary<string, string> { ["TASKMASTER_REDIS__ENDPOINT"] = $"127.0.0.1:{FreePort()},connectTimeout=200" }, untilReady: false);

        using var ready = await _http.GetAsync(new Uri(service.HttpUrl, "/readyz"), Cancel);
        using var again = await _http.GetAsync(new Uri(service.HttpUrl, "/readyz"), Cancel);
        using var alive = await _http.GetAsync(new Uri(service.HttpUrl, "/healthz"), Cancel);

        Assert.Equal((HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK), (ready.StatusCode, again.StatusCode, alive.StatusCode));
    }

    [Theory]
    [InlineData("TASKMASTER_REDIS__ENDPOINT")]
    [InlineData("TASKMASTER_RABBITMQ__URI")]
    [InlineData("TASKMASTER_CONTROL__TOKENFILE")]
    public async Task Start_WithoutASetting_RefusesToStartNamingIt(string missing)
    {
        var instance = $"monitor-{Guid.NewGuid():N}"[..20];
        var settings = ServiceSettings.For(servers, ServiceSettings.WriteToken(Path.Combine(_root.Folder, $"{instance}-secrets")));
        settings.Remove(missing);

        var refused = await Assert.ThrowsAsync<ServerStartException>(() => ServiceProcess.StartAsync(_root, "monitor", settings, instance, Cancel));

        Assert.Contains(missing, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListRuns_WithTheToken_ListsTheCatalogsRuns()
    {
        var (service, token) = await StartAsync();
        await using var redis = await servers.Redis.ConnectAsync();
        await using var run = await JournaledRun.StartAsync(redis, Path.Combine(_root.Folder, "queue-grpc"), Cancel);
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var channel = GrpcChannel.ForAddress(service.GrpcUrl, new GrpcChannelOptions { HttpClient = http });
        var client = new MonitorService.MonitorServiceClient(channel);

        await Await.ConditionAsync(async () => (await client.ListRunsAsync(new ListRunsRequest(), cancellationToken: Cancel)).Runs.Any(r => r.RunId == run.RunId),
            Timeout, "the run in ListRuns", service.LogTail);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _root.DisposeAsync();
    }

    private async Task<(ServiceProcess Service, string Token)> StartAsync(IReadOnlyDictionary<string, string>? extra = null, bool untilReady = true)
    {
        var instance = $"monitor-{Guid.NewGuid():N}"[..20];
        var tokenFile = ServiceSettings.WriteToken(Path.Combine(_root.Folder, $"{instance}-secrets"));
        var settings = ServiceSettings.For(servers, tokenFile, new Dictionary<string, string>(extra ?? new Dictionary<string, string>())
        {
            ["TASKMASTER_MONITOR__CATALOGINTERVAL"] = "00:00:00.100",
            ["TASKMASTER_MONITOR__DATADIRECTORY"] = Path.Combine(_root.Folder, $"{instance}-data"),
        });
        var service = untilReady
            ? await ServiceProcess.StartAsync(_root, "monitor", settings, instance, Cancel)
            : await ServiceProcess.StartLiveAsync(_root, "monitor", settings, instance, Cancel);
        return (service, await File.ReadAllTextAsync(tokenFile, Cancel));
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
