using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using TaskMaster.Core.Scheduling;

namespace TaskMaster.Monitor.Security;

/// <summary>
/// Refuses a request body larger than <see cref="ControlLimits.MaxRequestBytes"/> with 413 and a JSON
/// message, before any endpoint reads it: by its <c>Content-Length</c>, or, sent in chunks, once that
/// much has arrived. A control call is a few fields; a body past the limit is never one.
/// </summary>
internal sealed class RequestSizeLimitMiddleware(RequestDelegate next)
{
    private const int Limit = ControlLimits.MaxRequestBytes;

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        // HTTP/2 may send a body with no length and no chunking: ask the server whether there is one.
        if (request.ContentLength is 0 || context.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false })
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        if (request.ContentLength > Limit)
        {
            await RefuseAsync(context).ConfigureAwait(false);
            return;
        }
        // Read at most one byte past the limit, then hand the endpoints the bytes read.
        var buffered = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffered.Length + read > Limit)
            {
                await RefuseAsync(context).ConfigureAwait(false);
                return;
            }
            buffered.Write(chunk, 0, read);
        }
        buffered.Position = 0;
        request.Body = buffered;
        await next(context).ConfigureAwait(false);
    }

    private static Task RefuseAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        return context.Response.WriteAsJsonAsync(new { error = $"the request body is larger than the control API accepts: at most {Limit:N0} bytes (a reason has at most {ControlLimits.MaxTextLength:N0} characters)" });
    }
}
