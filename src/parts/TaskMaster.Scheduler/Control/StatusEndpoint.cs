using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using TaskMaster.Core.ReadModel;

namespace TaskMaster.Scheduler.Control;

/// <summary>
/// <c>GET /v1/status</c>: the status over HTTP in its documented JSON shape (docs/status.md), the very text
/// <c>task-master status --format json</c> prints (snake_case, enums as words, absent values null), rather
/// than the protobuf mapping of <c>GetStatus</c> (<c>RUN_STATE_RUNNING</c>, empty strings), so that a script
/// reads one shape whichever way it asks. Native gRPC callers still get <c>GetStatusResponse</c>.
/// </summary>
public static class StatusEndpoint
{
    public const string Path = "/v1/status";

    public static IEndpointConventionBuilder MapStatusJson(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapGet(Path, async (
            HttpContext http, IRunControl control, ControlTokenOptions tokens,
            [FromQuery] bool? detailed, [FromQuery(Name = "include_resources")] bool? includeResources) =>
        {
            if (!tokens.OpenMethods.Contains(SchedulerServiceExtensions.StatusMethod)
                && !ControlToken.Matches(http.Request.Headers.Authorization.ToString(), tokens.Token))
                return Error(StatusCodes.Status401Unauthorized, "reading the status needs the home's token: Authorization: Bearer <contents of control.token>");
            RunStatusReport report;
            try
            {
                report = await control.GetStatusAsync(new StatusQuery(detailed == true, includeResources == true), http.RequestAborted).ConfigureAwait(false);
            }
            catch (RunControlException e)
            {
                return Error(StatusCodes.Status503ServiceUnavailable, e.Message);
            }
            return Results.Text(RunStatusJson.Serialize(report), "application/json; charset=utf-8");
        });
    }

    private static IResult Error(int status, string message) => Results.Json(new { error = message }, statusCode: status);
}
