using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TaskMaster.Monitor.Logs;

namespace TaskMaster.Monitor.Cluster;

public static class ClusterMonitorExtensions
{
    /// <summary>
    /// The monitor service: every run of the cluster folded from its event stream, its readiness, its
    /// gRPC API and HTTP reads. <see cref="Core.Runs.IRunCatalog"/> and <see cref="Core.Runs.IRunEventStream"/>
    /// come from the storage adapter (Redis); the queues from the shared volume unless another
    /// <see cref="IRunQueueSource"/> is registered.
    /// </summary>
    public static IServiceCollection AddClusterMonitor(this IServiceCollection services, IConfiguration configuration, string readyTag)
    {
        services.AddOptions<ClusterMonitorOptions>()
            .Bind(configuration.GetSection(ClusterMonitorOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IRunQueueSource, SharedVolumeQueueSource>();
        services.TryAddSingleton<StreamedTaskLogs>();
        services.TryAddSingleton<ITaskLogSource>(sp => sp.GetRequiredService<StreamedTaskLogs>());
        services.AddSingleton<RunDashboards>();
        services.AddSingleton<IRunViews>(sp => sp.GetRequiredService<RunDashboards>());
        // Every run's metrics, labelled run_id, on the service's own /metrics.
        services.AddSingleton<IRunViews>(_ => new ClusterRunMetrics(Prometheus.Metrics.DefaultRegistry));
        services.AddSingleton<ClusterMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<ClusterMonitor>());
        services.AddHealthChecks().AddCheck<ClusterMonitorReadiness>("run-catalog", tags: [readyTag]);
        return services;
    }

    /// <summary>Maps the monitor service's gRPC API and its HTTP reads.</summary>
    public static WebApplication MapClusterMonitor(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var monitor = app.Services.GetRequiredService<ClusterMonitor>();
        var dashboards = app.Services.GetRequiredService<RunDashboards>();
        app.Use(async (context, next) =>
        {
            if (!await dashboards.TryServeAsync(context).ConfigureAwait(false)) await next(context).ConfigureAwait(false);
        });
        app.MapGrpcService<MonitorGrpcService>();
        app.MapClusterRuns(monitor);
        // The newest run's dashboard; its run picker leads to the others.
        app.MapGet("/", (HttpContext context) => monitor.Runs.FirstOrDefault(r => r.Status is not null) is { } newest
            ? Results.Redirect($"{context.Request.PathBase}{RunDashboards.Prefix}{Uri.EscapeDataString(newest.RunId)}/")
            : Results.Text("No run of the cluster has started yet: this page shows the newest once one has.", "text/plain; charset=utf-8"));
        return app;
    }
}
