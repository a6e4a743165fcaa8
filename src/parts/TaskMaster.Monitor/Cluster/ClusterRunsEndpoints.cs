using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TaskMaster.Monitor.Api;
using TaskMaster.Core.ReadModel;

namespace TaskMaster.Monitor.Cluster;

/// <summary>
/// The monitor service's HTTP reads of every run (docs/monitoring-contract.md): <c>GET /api/v1/cluster/runs</c>,
/// the run picker's list, and <c>GET /api/v1/cluster/runs/{id}/status</c>, a run's status in docs/status.md's JSON.
/// </summary>
public static class ClusterRunsEndpoints
{
    public static IEndpointRouteBuilder MapClusterRuns(this IEndpointRouteBuilder endpoints, ClusterMonitor monitor)
    {
        endpoints.MapGet("/api/v1/cluster/runs", () =>
            Results.Json(new { Runs = monitor.Runs.Select(ClusterRunListing.Of).ToList() }, MonitorJson.Options));
        endpoints.MapGet("/api/v1/cluster/runs/{id}/status", (string id, bool? detailed) =>
        {
            if (!monitor.TryGet(id, out var run))
                return Results.Json(new { Error = $"no run '{id}' in the cluster's catalog" }, MonitorJson.Options, statusCode: StatusCodes.Status404NotFound);
            if (run.Status?.Snapshot(detailed ?? false) is not { } status)
                return Results.Json(new { Error = run.Problem ?? $"run {id} has not been folded yet" }, MonitorJson.Options, statusCode: StatusCodes.Status503ServiceUnavailable);
            return Results.Text(RunStatusJson.Serialize(status), "application/json; charset=utf-8");
        });
        return endpoints;
    }
}
