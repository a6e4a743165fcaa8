using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Prometheus;
using Serilog;
using Serilog.Formatting.Compact;
using TaskMaster.ServiceDefaults.Control;
using TaskMaster.ServiceDefaults.Grpc;

namespace TaskMaster.ServiceDefaults;

/// <summary>
/// The defaults every service host starts with (eShop's ServiceDefaults, ours): settings from
/// <c>TASKMASTER_*</c> environment variables, validated at start; JSON logs on stdout; health at
/// <c>/healthz</c> (alive) and <c>/readyz</c> (every check tagged <see cref="ReadyTag"/> passes: its
/// broker, Redis or S3 connections); prometheus-net <c>/metrics</c> with process metrics; gRPC with
/// <c>grpc.health.v1</c> and server reflection; the control token on every other gRPC call (required:
/// <see cref="ControlTokenSettings"/>); every gRPC request message checked for its size and shape before
/// its service (<see cref="GrpcRequestGuard"/>); a graceful shutdown.
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>The tag of the health checks <c>/readyz</c> waits for.</summary>
    public const string ReadyTag = "ready";

    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, string serviceName)
    {
        builder.Configuration.AddEnvironmentVariables(ServiceSettings.EnvironmentPrefix);
        builder.Services.AddSettings<ServiceEndpoints>(builder.Configuration, ServiceEndpoints.Section);
        var endpoints = builder.Configuration.GetSection(ServiceEndpoints.Section).Get<ServiceEndpoints>() ?? new ServiceEndpoints();

        builder.Logging.ClearProviders();
        builder.Services.AddSerilog(new LoggerConfiguration()
            .Enrich.WithProperty("service", serviceName)
            .WriteTo.Console(new CompactJsonFormatter())
            .CreateLogger(), dispose: true);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var address = endpoints.ParseAddress();
            kestrel.Listen(address, endpoints.HttpPort, listen => listen.Protocols = HttpProtocols.Http1);
            kestrel.Listen(address, endpoints.GrpcPort, listen => listen.Protocols = HttpProtocols.Http2);
        });

        builder.Services.AddHealthChecks().AddCheck<StartedCheck>("started", tags: [ReadyTag]);
        // taskmaster_service_ready, for an alert on a service that is up and not ready.
        builder.Services.AddSingleton<IHealthCheckPublisher>(_ => new ReadinessGauge(Metrics.DefaultRegistry));
        builder.Services.Configure<HealthCheckPublisherOptions>(publisher =>
        {
            (publisher.Delay, publisher.Period) = (TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
            publisher.Predicate = check => check.Tags.Contains(ReadyTag);
        });
        builder.Services.AddSettings<ControlTokenSettings>(builder.Configuration, ControlTokenSettings.Section);
        builder.Services.AddControlToken(services => new ControlTokenOptions
        {
            Token = services.GetRequiredService<IOptions<ControlTokenSettings>>().Value.Resolve(),
            OpenMethods = ControlTokenExtensions.DiscoveryMethods,
            Refusal = $"control calls need the service's token: authorization: Bearer <the token {ServiceSettings.VariableName(ControlTokenSettings.Section, nameof(ControlTokenSettings.TokenFile))} holds>",
        });
        builder.Services.AddGrpc();
        // grpc.health.v1 answers with the readiness checks run on each call: by default it answers
        // from a cache the health publisher fills seconds after start, saying UNKNOWN until then.
        builder.Services.AddGrpcHealthChecks(health =>
        {
            health.UseHealthChecksCache = false;
            health.Services.Map("", check => check.Tags.Contains(ReadyTag));
        });
        builder.Services.AddGrpcReflection();
        return builder;
    }

    public static WebApplication MapServiceDefaults(this WebApplication app)
    {
        app.UseHttpMetrics();
        app.UseGrpcRequestGuard();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        app.MapMetrics("/metrics");
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        return app;
    }
}
