using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TaskMaster.Monitor.History;

namespace TaskMaster.Monitor.Reports;

/// <summary>
/// The run's report, as <c>task-master report</c> writes it, served by the monitor: <c>GET /report</c>
/// (the HTML page), <c>GET /api/v1/report</c> (JSON; <c>?format=md</c> for Markdown, <c>?format=html</c>
/// for the page). Built at each request from what the run has recorded so far.
/// </summary>
public static class ReportEndpoints
{
    /// <param name="build">The run's report now, or why there is none (its record cannot be read).</param>
    public static IEndpointRouteBuilder MapRunReport(
        this IEndpointRouteBuilder endpoints, Func<HttpContext, CancellationToken, Task<(RunReport? Report, string? Problem)>> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        endpoints.MapGet("/report", (HttpRequest request) => ServeAsync(request.HttpContext, "html", build));
        endpoints.MapGet("/api/v1/report", (HttpContext context, string? format) => ServeAsync(context, format ?? "json", build));
        return endpoints;
    }

    private static async Task<IResult> ServeAsync(
        HttpContext context, string format, Func<HttpContext, CancellationToken, Task<(RunReport? Report, string? Problem)>> build)
    {
        if (format is not ("json" or "md" or "html"))
            return Results.Json(new ReportProblem($"unknown report format '{format}': expected json, md or html"), InsightsJson.Options, statusCode: 400);
        var (report, problem) = await build(context, context.RequestAborted).ConfigureAwait(false);
        if (report is null) return Results.Json(new ReportProblem(problem ?? "the run has no report yet"), InsightsJson.Options, statusCode: 409);
        return format switch
        {
            "md" => Results.Text(MarkdownReport.Render(report), "text/markdown; charset=utf-8"),
            "html" => Results.Content(HtmlReport.Render(HtmlReport.EmbeddedTemplate(), report), "text/html; charset=utf-8"),
            _ => Results.Text(JsonSerializer.Serialize(report, InsightsJson.Options), "application/json; charset=utf-8"),
        };
    }

    private sealed record ReportProblem(string Error);
}
