using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using TaskMaster.Monitor.Api;

namespace TaskMaster.Monitor.Feed;

/// <summary><c>GET /api/v1/events</c>: the live feed as Server-Sent Events.</summary>
internal static class FeedEndpoint
{
    public static void Map(IEndpointRouteBuilder endpoints, MonitorRun run, MonitorFeed feed) =>
        endpoints.MapGet("/api/v1/events", (HttpContext context) => StreamAsync(context, run, feed));

    private static async Task StreamAsync(HttpContext context, MonitorRun run, MonitorFeed feed)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        // Subscribed before the hello is written: no update can fall between the two.
        var client = feed.Subscribe();
        try
        {
            var hello = new { run.RunId, run.Status.Sequence };
            await WriteAsync(response, SseFrame.Of("hello", JsonSerializer.SerializeToUtf8Bytes(hello, MonitorJson.Options)), context.RequestAborted)
                .ConfigureAwait(false);
            await response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            // Whatever is queued goes out in one flush: a client that fell behind catches up in one write to the socket.
            while (await client.Frames.WaitToReadAsync(context.RequestAborted).ConfigureAwait(false))
            {
                while (client.Frames.TryRead(out var frame)) await WriteAsync(response, frame, context.RequestAborted).ConfigureAwait(false);
                await response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The browser went away.
        }
        finally
        {
            feed.Unsubscribe(client);
        }
    }

    private static async Task WriteAsync(HttpResponse response, FeedFrame frame, CancellationToken cancellationToken)
    {
        // The response copies the bytes into its own buffers: the frame can be let go as soon as the write returns.
        try { await response.Body.WriteAsync(frame.Bytes, cancellationToken).ConfigureAwait(false); }
        finally { frame.Release(); }
    }
}
