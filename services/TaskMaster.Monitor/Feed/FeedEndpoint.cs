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
            await Write(response, SseFrame.Of("hello", JsonSerializer.SerializeToUtf8Bytes(hello, MonitorJson.Options)), context.RequestAborted)
                .ConfigureAwait(false);
            await foreach (var frame in client.Frames.ReadAllAsync(context.RequestAborted).ConfigureAwait(false))
                await Write(response, frame, context.RequestAborted).ConfigureAwait(false);
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

    private static async Task Write(HttpResponse response, ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
