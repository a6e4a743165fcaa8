using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace TaskMaster.Scheduler.Leadership;

public static class LeaderEndpoint
{
    /// <summary>
    /// <c>GET /leader</c>: 200 while this scheduler leads, 503 while it stands by; the body says who leads
    /// (<c>{"leading":…,"leader":{"id","address","fencing_token"}|null}</c>), for a load balancer that sends
    /// writes to the leader alone and for people.
    /// </summary>
    public static IEndpointRouteBuilder MapSchedulerLeader(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/leader", (HttpContext http) =>
        {
            var leadership = http.RequestServices.GetRequiredService<SchedulerLeadership>();
            var leader = leadership.Leader;
            var body = new Dictionary<string, object?>
            {
                ["leading"] = leadership.Current is not null,
                ["id"] = leadership.Candidate.Id,
                ["leader"] = leader is null ? null : new Dictionary<string, object>
                {
                    ["id"] = leader.HolderId, ["address"] = leader.Address, ["fencing_token"] = leader.FencingToken,
                },
            };
            return Results.Json(body, statusCode: leadership.Current is null ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
        });
        return endpoints;
    }
}
