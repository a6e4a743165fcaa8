using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TaskMaster.Core.Runs;
using TaskMaster.Core.Scheduling;
using TaskMaster.LocalHome;
using Prometheus;
using TaskMaster.Monitor.Feed;
using TaskMaster.Monitor.History;
using TaskMaster.Monitor.Logs;
using TaskMaster.Monitor.Reports;

namespace TaskMaster.Monitor.Cluster;

/// <summary>
/// Each run's embedded monitor, served by the monitor service under <c>/runs/{id}/</c>: the same
/// dashboard, live feed, task, graph and log reads (the logs workers streamed), history, alerts, report and <c>/metrics</c> as one executor serves, each run
/// with its own services (feed, metrics registry) and request pipeline, fed the run's folded events,
/// and its history samples and alerts (<see cref="MonitorInsights"/>: to the webhook and Alertmanager of
/// <see cref="ClusterMonitorOptions"/>, as an embedded run's). There is no control API here: runs are steered through the scheduler service.
/// </summary>
public sealed class RunDashboards(
    IOptions<ClusterMonitorOptions> options, ILoggerFactory loggers, TimeProvider time, ITaskLogSource logs, IRunEventStream stream) : IRunViews, IAsyncDisposable
{
    /// <summary>Where a run's pages are: <c>/runs/{id}</c>.</summary>
    public const string Prefix = "/runs/";

    /// <summary>The run picker's list, from a run's page (<c>/runs/{id}/</c>): <c>/api/v1/cluster/runs</c>.</summary>
    public const string ClusterRunsUrl = "../../api/v1/cluster/runs";

    private readonly ConcurrentDictionary<string, RunDashboard> _dashboards = new(StringComparer.Ordinal);

    public IEnumerable<IRunObserver> ObserversFor(ClusterRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var monitorRun = new MonitorRun
        {
            RunId = run.RunId,
            Queue = run.Queue!,
            Home = new HomeLayout(Path.Combine(options.Value.DataDirectory, run.RunId)),
            Status = run.Status!,
            Time = time,
        };
        var services = new ServiceCollection();
        services.AddSingleton(loggers);
        services.AddLogging();
        services.AddRouting();
        services.AddSingleton(logs);
        // What the generic host would register and endpoint routing asks for.
        services.AddSingleton(_ => new DiagnosticListener("TaskMaster.Monitor.RunDashboards"));
        services.AddSingleton<DiagnosticSource>(sp => sp.GetRequiredService<DiagnosticListener>());
        services.AddMonitorServices(monitorRun, new MonitorOptions { Port = 0, ClusterRunsUrl = ClusterRunsUrl });
        var provider = services.BuildServiceProvider();
        var app = new ApplicationBuilder(provider);
        app.UseMonitorRequestPolicy();
        app.UseRouting();
        var history = new FoldedHistory(monitorRun.Home, run.RunId);
        app.UseEndpoints(endpoints => endpoints.MapMonitor()
            .MapMonitorInsights(history.Read, monitorRun.Home, run.RunId)
            .MapRunReport((context, cancellationToken) => ClusterRunReport.BuildAsync(run, monitorRun.Home, history, stream, context, cancellationToken)));
        var insights = MonitorInsights.Start(
            new InsightsSettings
            {
                Home = monitorRun.Home, RunId = run.RunId, Webhook = options.Value.Webhook, Alertmanager = options.Value.Alertmanager,
                SampleThisProcess = false,
            },
            time, loggers, provider.GetRequiredService<IMonitorFeed>(), provider.GetRequiredService<CollectorRegistry>());
        _dashboards[run.RunId] = new RunDashboard(provider, app.Build(), insights);
        // As in one process: the run's figures before the metrics and the feed.
        return [insights, history, .. provider.MonitorObservers()];
    }

    /// <summary>Serves a request under <c>/runs/{id}/</c> with that run's pipeline; false when the path is not a known run's.</summary>
    public async Task<bool> TryServeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = context.Request.Path.Value ?? "";
        if (!path.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        var end = path.IndexOf('/', Prefix.Length);
        var runId = end < 0 ? path[Prefix.Length..] : path[Prefix.Length..end];
        if (!_dashboards.TryGetValue(runId, out var dashboard)) return false;
        if (end < 0)
        {
            // The page's own address ends with a slash, so that its links resolve under the run.
            context.Response.Redirect($"{context.Request.PathBase}{Prefix}{Uri.EscapeDataString(runId)}/");
            return true;
        }
        var (pathBase, requestPath, services) = (context.Request.PathBase, context.Request.Path, context.RequestServices);
        await using var scope = dashboard.Provider.CreateAsyncScope();
        try
        {
            context.Request.PathBase = pathBase.Add(path[..end]);
            context.Request.Path = path[end..];
            context.RequestServices = scope.ServiceProvider;
            context.SetEndpoint(null);
            await dashboard.Pipeline(context).ConfigureAwait(false);
        }
        finally
        {
            (context.Request.PathBase, context.Request.Path, context.RequestServices) = (pathBase, requestPath, services);
        }
        return true;
    }

    // Once per run, however often it is called: the container disposes it as itself and as IRunViews.
    public async ValueTask DisposeAsync()
    {
        foreach (var runId in _dashboards.Keys)
        {
            if (!_dashboards.TryRemove(runId, out var dashboard)) continue;
            await dashboard.Insights.DisposeAsync().ConfigureAwait(false);
            await dashboard.Provider.EndMonitorFeedAsync().ConfigureAwait(false);
            await dashboard.Provider.DisposeAsync().ConfigureAwait(false);
        }
    }

    private sealed record RunDashboard(ServiceProvider Provider, RequestDelegate Pipeline, MonitorInsights Insights);
}
