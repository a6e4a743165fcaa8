using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TaskMaster.Monitor.Alerts;

namespace TaskMaster.Monitor.History;

/// <summary>The history and alerts endpoints of the monitor (docs/monitoring-contract.md).</summary>
public static class InsightsEndpoints
{
    /// <summary>
    /// Maps <c>GET /api/v1/history</c> (samples, timeline, errors and alerts of the run so far) and
    /// <c>GET /api/v1/alerts</c> (<c>{ "alerts": [...] }</c>: the firing ones, then recent resolved ones, newest first).
    /// </summary>
    public static IEndpointRouteBuilder MapMonitorInsights(this IEndpointRouteBuilder endpoints, MonitorInsights insights)
    {
        ArgumentNullException.ThrowIfNull(insights);
        var (home, runId) = (insights.Settings.Home, insights.Settings.RunId);
        endpoints.MapGet("/api/v1/history", () =>
            Results.Json(HistoryBuilder.Build(home, runId), InsightsJson.Options));
        endpoints.MapGet("/api/v1/alerts", () =>
            Results.Json(new AlertList(insights.Alerts.Recent), InsightsJson.Options));
        return endpoints;
    }

    private sealed record AlertList(IReadOnlyList<Alert> Alerts);
}
