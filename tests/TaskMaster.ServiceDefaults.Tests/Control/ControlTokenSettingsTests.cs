using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TaskMaster.ServiceDefaults.Control;

namespace TaskMaster.ServiceDefaults.Tests.Control;

/// <summary>A service host has no built-in token: it starts only with one, and says which setting is missing.</summary>
public sealed class ControlTokenSettingsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("taskmaster-servicedefaults-").FullName;

    private static WebApplication Build(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddServiceDefaults("test");
        var app = builder.Build();
        app.MapServiceDefaults();
        return app;
    }

    [Fact]
    public async Task StartAsync_NoTokenSetting_RefusesToStartNamingBothVariables()
    {
        await using var app = Build([]);

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("TASKMASTER_CONTROL__TOKENFILE", refused.Message, StringComparison.Ordinal);
        Assert.Contains("TASKMASTER_CONTROL__TOKEN ", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_TokenFileDoesNotExist_RefusesToStartNamingTheFile()
    {
        var file = Path.Combine(_folder, "absent.token");
        await using var app = Build(new() { ["Control:TokenFile"] = file });

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains($"TASKMASTER_CONTROL__TOKENFILE: {file} does not exist", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_TokenFileGiven_StartsAndExpectsItsContents()
    {
        var file = Path.Combine(_folder, "control.token");
        await TaskMaster.Core.Storage.PrivateFiles.WriteAllTextAsync(file, "s3cret\n");
        await using var app = Build(new() { ["Control:TokenFile"] = file });

        await app.StartAsync();

        Assert.Equal("s3cret", app.Services.GetRequiredService<ControlTokenOptions>().Token);
        await app.StopAsync();
    }

    [Fact]
    public async Task HealthCheck_WithoutTheToken_Answers()
    {
        var port = FreePort();
        await using var app = Build(new() { ["Control:Token"] = "s3cret", ["Listen:GrpcPort"] = port.ToString(CultureInfo.InvariantCulture) });
        await app.StartAsync();
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");

        var answer = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(30));

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, answer.Status);
        await app.StopAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public void Resolve_TokenGivenDirectly_IsThatToken()
    {
        Assert.Equal("abc", new ControlTokenSettings { Token = " abc " }.Resolve());
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
