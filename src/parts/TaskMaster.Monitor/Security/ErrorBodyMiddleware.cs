using Microsoft.AspNetCore.Http;

namespace TaskMaster.Monitor.Security;

/// <summary>
/// Gives the bare answers of routing a JSON message like every other error of the monitor: a wrong
/// method on an endpoint gets 405 with its <c>Allow</c> header and what to use instead, an unknown
/// path 404 saying so. Answers that wrote a body of their own are left alone.
/// </summary>
internal sealed class ErrorBodyMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context).ConfigureAwait(false);
        var response = context.Response;
        if (response.HasStarted || response.ContentLength is > 0 || response.ContentType is not null) return;
        var request = context.Request;
        var target = $"{request.PathBase}{request.Path}";
        var error = response.StatusCode switch
        {
            StatusCodes.Status405MethodNotAllowed => $"{request.Method} is not allowed on {target}; use {response.Headers.Allow}",
            StatusCodes.Status404NotFound => $"no such endpoint: {request.Method} {target}",
            _ => null,
        };
        if (error is not null) await response.WriteAsJsonAsync(new { error }).ConfigureAwait(false);
    }
}
