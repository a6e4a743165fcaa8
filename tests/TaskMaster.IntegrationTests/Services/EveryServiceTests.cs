using System.Text.Json;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Grpc.Reflection.V1Alpha;
using TaskMaster.IntegrationTests.Fixtures;
using TaskMaster.Testing.Servers;

namespace TaskMaster.IntegrationTests.Services;

/// <summary>
/// What every service host answers, whatever its part: health (HTTP and grpc.health.v1), readiness,
/// Prometheus metrics with process metrics, server reflection, and JSON logs naming the service.
/// Each service runs as the real process scripts/dev-up.sh runs, on the assembly's real servers.
/// </summary>
public sealed class EveryServiceTests(Servers servers) : IAsyncLifetime
{
    public static readonly TheoryData<string> Names = ["scheduler", "worker", "checkpoint", "monitor"];

    /// <summary>A read-only call of each service's API: the token is checked before any method runs.</summary>
    public static readonly TheoryData<string, string> ControlCalls = new()
    {
        { "scheduler", "taskmaster.scheduler.v1.SchedulerService/ListRuns" },
        { "checkpoint", "taskmaster.checkpoint.v1.CheckpointService/ListCheckpoints" },
        { "monitor", "taskmaster.monitor.v1.MonitorService/ListRuns" },
    };

    private readonly ServerRoot _root = new("svc");
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _root.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Health_readiness_and_metrics_answer_over_http(string name)
    {
        var service = await StartAsync(name);

        Assert.Equal(200, (int)(await _http.GetAsync(new Uri(service.HttpUrl, "/healthz"), TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(200, (int)(await _http.GetAsync(new Uri(service.HttpUrl, "/readyz"), TestContext.Current.CancellationToken)).StatusCode);
        var metrics = await _http.GetStringAsync(new Uri(service.HttpUrl, "/metrics"), TestContext.Current.CancellationToken);
        Assert.Contains("process_cpu_seconds_total", metrics, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Grpc_health_says_serving_and_reflection_lists_the_services(string name)
    {
        var service = await StartAsync(name);
        using var channel = GrpcChannel.ForAddress(service.GrpcUrl);

        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);

        using var reflection = new ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo(cancellationToken: TestContext.Current.CancellationToken);
        await reflection.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" }, TestContext.Current.CancellationToken);
        await reflection.RequestStream.CompleteAsync();
        Assert.True(await reflection.ResponseStream.MoveNext(TestContext.Current.CancellationToken));
        var listed = reflection.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        Assert.Contains("grpc.health.v1.Health", listed);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Logs_are_json_lines_naming_the_service(string name)
    {
        var service = await StartAsync(name);

        var log = File.ReadLines(Path.Combine(service.Folder!, "service.log")).First(line => line.Length > 0);
        using var entry = JsonDocument.Parse(log);
        Assert.Equal(name, entry.RootElement.GetProperty("service").GetString());
        Assert.True(entry.RootElement.TryGetProperty("@t", out _), log);
    }

    [Theory]
    [MemberData(nameof(ControlCalls))]
    public async Task Control_calls_without_a_valid_token_are_refused_unauthenticated(string name, string fullMethod)
    {
        var service = await StartAsync(name);
        var method = new Method<byte[], byte[]>(MethodType.Unary, fullMethod[..fullMethod.IndexOf('/')], fullMethod[(fullMethod.IndexOf('/') + 1)..],
            Marshallers.Create(b => b, b => b), Marshallers.Create(b => b, b => b));
        using var channel = GrpcChannel.ForAddress(service.GrpcUrl);
        var refusals = new List<StatusCode>();

        foreach (var authorization in new string?[] { null, "Bearer wrong-token", "Bearer " })
        {
            var headers = authorization is null ? null : new Metadata { { "authorization", authorization } };
            // An empty body is every request message with its defaults.
            var call = channel.CreateCallInvoker().AsyncUnaryCall(method, null, new CallOptions(headers, cancellationToken: TestContext.Current.CancellationToken), []);
            refusals.Add((await Assert.ThrowsAsync<RpcException>(async () => await call)).StatusCode);
        }

        Assert.Equal([StatusCode.Unauthenticated, StatusCode.Unauthenticated, StatusCode.Unauthenticated], refusals);
    }

    private Task<ServiceProcess> StartAsync(string name) =>
        ServiceProcess.StartAsync(_root, name, ServiceSettings.For(servers, ServiceSettings.WriteToken(Path.Combine(_root.Folder, $"{name}-secrets"))),
            cancellationToken: TestContext.Current.CancellationToken);
}
