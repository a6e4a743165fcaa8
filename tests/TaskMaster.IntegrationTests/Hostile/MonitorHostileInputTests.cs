using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using Grpc.Net.Client;
using StackExchange.Redis;
using TaskMaster.Contracts.Monitor.V1;
using TaskMaster.Core.Events;
using TaskMaster.IntegrationTests.Messaging;
using TaskMaster.IntegrationTests.Services;

namespace TaskMaster.IntegrationTests.Hostile;

/// <summary>
/// The monitor service's HTTP pages and API, and its gRPC, under requests no dashboard sends: unknown
/// runs and tasks, path tricks, bad query values, bodies where none belong. Each gets a 4xx (a JSON
/// error naming what is wrong where the monitor answers) or a gRPC status, never a 500, and the run it
/// shows is unchanged.
/// </summary>
public sealed class MonitorHostileInputTests(HostileServices services) : IClassFixture<HostileServices>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Http_HostileRequests_4xxNamingWhatIsWrong_NeverA500_TheRunUnchanged()
    {
        var service = await services.StartedAsync("monitor");
        using var http = new HttpClient { BaseAddress = service.HttpUrl, Timeout = TimeSpan.FromSeconds(60) };
        await using var redis = await ConnectionMultiplexer.ConnectAsync(services.RedisEndpoint);
        await using var run = await JournaledRun.StartAsync(redis, Path.Combine(services.Folder, "monitor-run"), Cancel);
        await run.WriteAsync([new TaskStarted(DateTimeOffset.UtcNow, "a", 1)], Cancel);
        var status = $"/api/v1/cluster/runs/{run.RunId}/status";
        await Await.ConditionAsync(async () => (await http.GetAsync(status, Cancel)).StatusCode == HttpStatusCode.OK
            && (await http.GetAsync($"/runs/{run.RunId}/api/v1/tasks", Cancel)).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "the run's status", service.LogTail);
        var before = await http.GetStringAsync(status, Cancel);
        var log = $"/runs/{run.RunId}/api/v1/tasks/a/log";

        var expected = new (string Path, HttpStatusCode Code, string? Names)[]
        {
            ("/api/v1/cluster/runs/no-such-run/status", HttpStatusCode.NotFound, "no run 'no-such-run'"),
            ("/runs/no-such-run/api/v1/tasks", HttpStatusCode.NotFound, null),
            ($"/runs/{run.RunId}/api/v1/tasks/no-such-task/log", HttpStatusCode.NotFound, "no task 'no-such-task'"),
            ($"/runs/{run.RunId}/api/v1/tasks/no-such-task", HttpStatusCode.NotFound, null),
            ($"{log}?attempt=abc", HttpStatusCode.BadRequest, "attempt: 'abc'"),
            ($"{log}?attempt=-1", HttpStatusCode.BadRequest, "attempt: '-1'"),
            ($"{log}?attempt=0", HttpStatusCode.BadRequest, "attempt: '0'"),
            ($"{log}?attempt=99999999999999999999999", HttpStatusCode.BadRequest, "attempt:"),
            ($"{log}?offset=-5", HttpStatusCode.BadRequest, "offset: '-5'"),
            ($"{log}?limit=1e9", HttpStatusCode.BadRequest, "limit: '1e9'"),
            ($"{status}?detailed=maybe", HttpStatusCode.BadRequest, null),
            ($"/runs/{run.RunId}/api/v1/tasks/..%2F..%2F..%2Fetc%2Fpasswd/log", HttpStatusCode.NotFound, null),
            ("/runs/..%2F..%2F..%2Fetc/api/v1/tasks", HttpStatusCode.NotFound, null),
            ($"/runs/{run.RunId}/%2e%2e/%2e%2e/%2e%2e/etc/passwd", HttpStatusCode.NotFound, null),
        };
        var answers = new List<(string What, HttpStatusCode Code, string Body)>();
        foreach (var (path, _, _) in expected)
        {
            using var response = await http.GetAsync(path, Cancel);
            answers.Add((path, response.StatusCode, await response.Content.ReadAsStringAsync(Cancel)));
        }
        foreach (var (what, request) in new (string, HttpRequestMessage)[]
        {
            ("malformed JSON", new(HttpMethod.Post, "/api/v1/cluster/runs") { Content = new StringContent("{\"runs\": [", Encoding.UTF8, "application/json") }),
            ("a 4 MB body", new(HttpMethod.Put, status) { Content = new ByteArrayContent(new byte[4 << 20]) }),
            ("a delete", new(HttpMethod.Delete, $"/runs/{run.RunId}/api/v1/tasks/a")),
        })
        {
            using (request)
            using (var response = await http.SendAsync(request, Cancel))
                answers.Add((what, response.StatusCode, await response.Content.ReadAsStringAsync(Cancel)));
        }

        Assert.All(answers, a => Assert.True((int)a.Code is >= 400 and < 500, $"{a.What}: {(int)a.Code} {a.Body}"));
        Assert.All(answers, a => Assert.DoesNotContain("root:", a.Body, StringComparison.Ordinal));
        foreach (var (path, code, names) in expected)
        {
            var answer = answers.Single(a => a.What == path);
            Assert.True(code == answer.Code, $"{path}: {(int)answer.Code} {answer.Body}, expected {(int)code}");
            if (names is not null) Assert.Contains(names, JsonDocument.Parse(answer.Body).RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        }
        Assert.Equal(before, await http.GetStringAsync(status, Cancel));
        await EveryServiceHostileInputTests.AssertServesAsync(service);
    }

    [Fact]
    public async Task Grpc_UnknownAndHostileRunIds_NotFoundNamingTheRun()
    {
        var service = await services.StartedAsync("monitor");
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", services.Token);
        using var channel = GrpcChannel.ForAddress(service.GrpcUrl, new GrpcChannelOptions { HttpClient = http });
        var client = new MonitorService.MonitorServiceClient(channel);

        var refusals = new List<RpcException>();
        foreach (var runId in new[] { "no-such-run", "../../etc/passwd", "", new string('r', 10_000) })
        {
            refusals.Add(await Assert.ThrowsAsync<RpcException>(async () => await client.GetStatusAsync(new GetStatusRequest { RunId = runId }, cancellationToken: Cancel)));
            refusals.Add(await Assert.ThrowsAsync<RpcException>(async () =>
            {
                using var watch = client.WatchEvents(new WatchEventsRequest { RunId = runId, Follow = true }, cancellationToken: Cancel);
                await watch.ResponseStream.MoveNext(Cancel);
            }));
        }

        Assert.All(refusals, r => Assert.True(r.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument, $"{r.StatusCode}: {r.Status.Detail}"));
        Assert.All(refusals, r => Assert.False(string.IsNullOrWhiteSpace(r.Status.Detail)));
        await EveryServiceHostileInputTests.AssertServesAsync(service);
    }
}
