using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;
using TaskMaster.Core.Scheduling;
using TaskMaster.Monitor.Api;
using TaskMaster.Monitor.Dashboard;
using TaskMaster.Monitor.Feed;
using TaskMaster.Monitor.Metrics;
using TaskMaster.Monitor.Security;

namespace TaskMaster.Monitor;

public static class MonitorServiceExtensions
{
    /// <summary>Registers the monitor of <paramref name="run"/>: its feed and its metrics registry.</summary>
    public static IServiceCollection AddMonitorServices(this IServiceCollection services, MonitorRun run, MonitorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        services.AddSingleton(run);
        services.AddSingleton(options);
        services.AddSingleton<MonitorFeed>();
        services.AddSingleton<IMonitorFeed>(sp => sp.GetRequiredService<MonitorFeed>());
        services.AddSingleton<RunFeedPublisher>();
        services.AddSingleton(Prometheus.Metrics.NewCustomRegistry());
        services.AddSingleton(sp => new MonitorMetrics(
            sp.GetRequiredService<CollectorRegistry>(), run, () => sp.GetRequiredService<MonitorFeed>().ClientCount));
        return services;
    }

    /// <summary>What the run's scheduler must tell of its events (after its <see cref="Core.ReadModel.RunStatusModel"/>): the metrics, then the feed.</summary>
    public static IReadOnlyList<IRunObserver> MonitorObservers(this IServiceProvider services) =>
        [services.GetRequiredService<MonitorMetrics>().Events, services.GetRequiredService<RunFeedPublisher>()];

    /// <summary>Publishes the last update and lets every feed send it and end.</summary>
    public static ValueTask EndMonitorFeedAsync(this IServiceProvider services) => services.GetRequiredService<RunFeedPublisher>().DisposeAsync();

    /// <summary>
    /// Before the endpoints: errors of routing answered in JSON (405 with <c>Allow</c>, 404), cross-site
    /// writes refused and reads shared with <c>Origin: null</c> only, bodies past the control API's limit refused (413).
    /// </summary>
    public static IApplicationBuilder UseMonitorRequestPolicy(this IApplicationBuilder app) =>
        app.UseMiddleware<ErrorBodyMiddleware>().UseMiddleware<OriginPolicyMiddleware>().UseMiddleware<RequestSizeLimitMiddleware>();

    /// <summary>Maps the dashboard, <c>/api/v1/graph|tasks|tasks/{id}/log|runs|events</c> and <c>/metrics</c>.</summary>
    public static IEndpointRouteBuilder MapMonitor(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider;
        var run = services.GetRequiredService<MonitorRun>();
        var options = services.GetRequiredService<MonitorOptions>();
        TaskEndpoints.Map(endpoints, run);
        TaskLogEndpoint.Map(endpoints, run);
        RunsEndpoint.Map(endpoints, run);
        FeedEndpoint.Map(endpoints, run, services.GetRequiredService<MonitorFeed>());
        endpoints.MapMetrics("/metrics", services.GetRequiredService<CollectorRegistry>());
        var template = DashboardPage.LoadTemplate(options.DashboardAssembly);
        var config = new DashboardConfig("", (int)options.UpdateInterval.TotalMilliseconds, options.IncludeGraphs, Graph: null, options.ClusterRunsUrl);
        var page = DashboardPage.Render(template, config);
        // Under a path (a run's pages in the monitor service) the page asks for its data under that path too.
        endpoints.MapGet("/", (HttpContext context) => Results.Content(
            context.Request.PathBase.HasValue ? DashboardPage.Render(template, config with { MonitorUrl = context.Request.PathBase.Value! }) : page,
            "text/html; charset=utf-8"));
        return endpoints;
    }
}
