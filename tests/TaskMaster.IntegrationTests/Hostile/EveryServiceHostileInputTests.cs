using System.Net;
using System.Text;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using TaskMaster.Testing.Servers;

namespace TaskMaster.IntegrationTests.Hostile;

/// <summary>
/// What every service's own ports answer to requests no honest client sends: HTTP (health, readiness,
/// metrics, and the monitor's pages) and gRPC, each refused with a 4xx or a gRPC status that says why,
/// never a 500, never a crash, the service serving the next honest request.
/// </summary>
public sealed class EveryServiceHostileInputTests(HostileServices services) : IClassFixture<HostileServices>
{
    public static readonly TheoryData<string> Names = ["scheduler", "worker", "checkpoint", "monitor"];

    /// <summary>A method of each service's API (the worker has only the health service): the request guard stands before every one.</summary>
    public static readonly TheoryData<string, string> Methods = new()
    {
        { "scheduler", "taskmaster.scheduler.v1.SchedulerService/GetStatus" },
        { "worker", "grpc.health.v1.Health/Check" },
        { "checkpoint", "taskmaster.checkpoint.v1.CheckpointService/ListCheckpoints" },
        { "monitor", "taskmaster.monitor.v1.MonitorService/GetStatus" },
    };

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Http_HostileRequests_AreRefusedWithA4xxAndTheServiceStillServes(string name)
    {
        var service = await services.StartedAsync(name);
        using var http = new HttpClient { BaseAddress = service.HttpUrl, Timeout = TimeSpan.FromSeconds(60) };
        var answers = new List<(string What, HttpStatusCode Code, string Body)>();
        async Task Send(string what, HttpRequestMessage request)
        {
            using (request)
            using (var response = await http.SendAsync(request, Cancel))
                answers.Add((what, response.StatusCode, await response.Content.ReadAsStringAsync(Cancel)));
        }

        await Send("malformed JSON", new HttpRequestMessage(HttpMethod.Post, "/metrics") { Content = new StringContent("{\"a\": [1, 2", Encoding.UTF8, "application/json") });
        await Send("a 4 MB body", new HttpRequestMessage(HttpMethod.Post, "/readyz") { Content = new ByteArrayContent(new byte[4 << 20]) });
        await Send("an escaped ../", new HttpRequestMessage(HttpMethod.Get, "/..%2F..%2F..%2Fetc%2Fpasswd"));
        await Send("a dotted ../", new HttpRequestMessage(HttpMethod.Get, "/runs/%2e%2e/%2e%2e/%2e%2e/etc/passwd"));
        await Send("a NUL in the query", new HttpRequestMessage(HttpMethod.Get, "/metrics?name[]=%00&name[]=" + new string('x', 4000)));
        var huge = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        huge.Headers.TryAddWithoutValidation("X-Hostile", new string('h', 100_000));
        await Send("a 100 KB header", huge);
        await Send("an unknown method", new HttpRequestMessage(new HttpMethod("PROPFIND"), "/readyz"));

        Assert.All(answers, a => Assert.True((int)a.Code < 500, $"{name}, {a.What}: {(int)a.Code} {a.Body}"));
        Assert.All(answers, a => Assert.DoesNotContain("root:", a.Body, StringComparison.Ordinal));
        Assert.Contains(answers, a => a.What == "a 100 KB header" && a.Code == HttpStatusCode.RequestHeaderFieldsTooLarge);
        Assert.Contains(answers, a => a.What == "an escaped ../" && a.Code == HttpStatusCode.NotFound);
        await AssertServesAsync(service);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task Grpc_MalformedAndOversizedMessages_AreRefusedBeforeTheServiceAndItStillServes(string name, string method)
    {
        var service = await services.StartedAsync(name);

        // A field tag of 0 and a length running past the end: not a protobuf message of any type.
        var malformed = await RawGrpc.CallAsync(service.GrpcUrl, method, [0x00, 0x0a, 0xff, 0xff, 0xff, 0x7f, 0x01], services.Token);
        // A gibibyte announced, 64 bytes sent: past every service's limit, refused from the frame header alone.
        var oversized = await RawGrpc.DeclareAsync(service.GrpcUrl, method, 1L << 30, services.Token);
        // No such method at all.
        var unknown = await RawGrpc.CallAsync(service.GrpcUrl, method[..method.IndexOf('/')] + "/NoSuchMethod", [], services.Token);

        Assert.Equal(StatusCode.InvalidArgument, malformed.Code);
        Assert.StartsWith("the request is not a ", malformed.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.ResourceExhausted, oversized.Code);
        Assert.Contains("1,073,741,824 bytes", oversized.Detail, StringComparison.Ordinal);
        Assert.Contains("accepts at most", oversized.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.Unimplemented, unknown.Code);
        await AssertServesAsync(service);
    }

    /// <summary>Alive, ready and answering gRPC health: the hostile input left the process as it was.</summary>
    internal static async Task AssertServesAsync(ServiceProcess service)
    {
        Assert.True(service.IsAlive, $"the {service.Service} service ended:\n{service.LogTail()}");
        Assert.True(await service.AnswersAsync("readyz"), $"the {service.Service} service is not ready:\n{service.LogTail()}");
        using var channel = GrpcChannel.ForAddress(service.GrpcUrl);
        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), cancellationToken: Cancel);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }
}
