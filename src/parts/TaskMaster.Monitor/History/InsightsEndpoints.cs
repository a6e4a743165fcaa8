using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TaskMaster.Core.Scheduling;
using TaskMaster.LocalHome;
using TaskMaster.Monitor.Alerts;

namespace TaskMaster.Monitor.History;

/// <summary>The history and alerts endpoints of the monitor (docs/monitoring-contract.md).</summary>
public static class InsightsEndpoints
{
    /// <summary>
    /// Maps <c>GET /api/v1/history</c> (samples, timeline, errors and alerts of the run so far) and
    /// <c>GET /api/v1/alerts</c> (<c>{ "alerts": [...] }</c>: the firing ones, then the newest
    /// <see cref="AlertCenter.RecentLimit"/> resolved ones, newest first). Both read what the run keeps
    /// on disk, so they can be mapped before <see cref="MonitorInsights"/> starts, and answer the same
    /// after a restart. The history reads only what the journal gained since the previous request.
    /// </summary>
    public static IEndpointRouteBuilder MapMonitorInsights(this IEndpointRouteBuilder endpoints, HomeLayout home, string runId) =>
        endpoints.MapMonitorInsights(new JournalHistory(home, runId).Read, home, runId);

    /// <summary>The same endpoints, the history read by <paramref name="history"/> (a run folded from its events: <see cref="FoldedHistory"/>), the alerts from <paramref name="home"/>'s monitoring folder.</summary>
    public static IEndpointRouteBuilder MapMonitorInsights(this IEndpointRouteBuilder endpoints, Func<HistoryDocument> history, HomeLayout home, string runId)
    {
        ArgumentNullException.ThrowIfNull(history);
        endpoints.MapGet("/api/v1/history", () => Results.Json(history(), InsightsJson.Options));
        endpoints.MapGet("/api/v1/alerts", () =>
            Results.Json(new AlertList(AlertCenter.Newest(AlertCenter.ReadFile(MonitoringLayout.AlertsFile(home, runId)))), InsightsJson.Options));
        return endpoints;
    }

    private sealed record AlertList(IReadOnlyList<Alert> Alerts);
}
