using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TaskMaster.Monitor.Runs;

namespace TaskMaster.Monitor.Api;

/// <summary><c>GET /api/v1/runs</c>: the home's runs, newest first, the same JSON as <c>task-master runs --format json</c>.</summary>
internal static class RunsEndpoint
{
    public static void Map(IEndpointRouteBuilder endpoints, MonitorRun run) =>
        endpoints.MapGet("/api/v1/runs", async (CancellationToken cancellationToken) =>
            Results.Json(await RunCatalog.ListAsync(run.Home, run.Status.Snapshot(detailed: false), run.Time, cancellationToken).ConfigureAwait(false),
                MonitorJson.Options));
}
