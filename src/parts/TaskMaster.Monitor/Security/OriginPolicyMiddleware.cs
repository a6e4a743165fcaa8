using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace TaskMaster.Monitor.Security;

/// <summary>
/// What other web pages may do with the monitor. A state-changing request (anything but GET, HEAD,
/// OPTIONS) whose <c>Origin</c> is present and not the monitor's own is refused with 403 before
/// anything else (cross-site request forgery), and must be <c>application/json</c> (415), which a
/// plain HTML form cannot send. Reads of <c>/api/v1</c> are shared only with <c>Origin: null</c>:
/// the dashboard file <c>monitor-init</c> writes, opened from disk.
/// </summary>
internal sealed class OriginPolicyMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var origin = request.Headers.Origin.ToString();
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
        {
            if (origin == "null" && request.Path.StartsWithSegments("/api/v1", StringComparison.Ordinal))
            {
                context.Response.Headers.AccessControlAllowOrigin = "null";
                context.Response.Headers.Vary = HeaderNames.Origin;
            }
            return next(context);
        }
        if (origin.Length > 0 && !string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase))
            return Refuse(context, StatusCodes.Status403Forbidden, "cross-origin request refused: control calls are only accepted from the monitor's own page");
        if (!IsJson(request.ContentType))
            return Refuse(context, StatusCodes.Status415UnsupportedMediaType, "control calls need Content-Type: application/json");
        return next(context);
    }

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var type) && type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);

    private static Task Refuse(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { error = message });
    }
}
