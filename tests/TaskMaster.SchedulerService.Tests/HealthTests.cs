using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using TaskMaster.SchedulerService.Tests.Support;

namespace TaskMaster.SchedulerService.Tests;

public sealed class HealthTests : IDisposable
{
    private readonly ServiceFolder _folder = new();

    [Fact]
    public async Task Health_Started_HealthzReadyzAndGrpcHealthAnswerServingWithoutTheToken()
    {
        await using var host = await SchedulerHost.StartAsync(_folder);
        using var http = new HttpClient { BaseAddress = host.HttpAddress };

        var healthz = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
        var readyz = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
        var grpc = await new Health.HealthClient(host.Channel()).CheckAsync(new HealthCheckRequest(), SchedulerClients.Within());

        Assert.Equal((200, 200), ((int)healthz.StatusCode, (int)readyz.StatusCode));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, grpc.Status);
    }

    [Fact]
    public async Task Reflection_ListServices_NamesTheSchedulerApiHealthAndReflection()
    {
        await using var host = await SchedulerHost.StartAsync(_folder);
        var reflection = new ServerReflection.ServerReflectionClient(host.Channel());

        using var call = reflection.ServerReflectionInfo(SchedulerClients.Within());
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var names = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();

        Assert.Contains("taskmaster.scheduler.v1.SchedulerService", names);
        Assert.Contains("grpc.health.v1.Health", names);
    }

    public void Dispose() => _folder.Dispose();
}
