using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace TaskMaster.IntegrationTests.Support;

/// <summary>A scrape target on a free loopback port serving fixed Prometheus text at /metrics.</summary>
public sealed class MetricsTarget : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MetricsTarget(WebApplication app) => _app = app;

    /// <summary>host:port, as a Prometheus target is written.</summary>
    public string HostPort => new Uri(_app.Urls.Single()).Authority;

    public static async Task<MetricsTarget> StartAsync(string metrics)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/metrics", () => Results.Text(metrics, "text/plain; version=0.0.4"));
        await app.StartAsync();
        return new MetricsTarget(app);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
