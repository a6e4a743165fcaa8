using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace TaskMaster.Monitor.Tests.Support;

/// <summary>
/// A real HTTP receiver on 127.0.0.1 (Kestrel, a free port) that records every POST body and
/// answers each with what <c>answer</c> says for its 1-based request number.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<JsonElement> _bodies = Channel.CreateUnbounded<JsonElement>();
    private int _requests;

    private WebhookReceiver(Func<int, CancellationToken, Task<int>> answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/hook", async (HttpContext context) =>
        {
            var n = Interlocked.Increment(ref _requests);
            using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            _bodies.Writer.TryWrite(body.RootElement.Clone());
            return Results.StatusCode(await answer(n, context.RequestAborted));
        });
    }

    public Uri Url { get; private set; } = null!;

    public int Requests => Volatile.Read(ref _requests);

    public static async Task<WebhookReceiver> StartAsync(Func<int, CancellationToken, Task<int>>? answer = null)
    {
        var receiver = new WebhookReceiver(answer ?? ((_, _) => Task.FromResult(200)));
        await receiver._app.StartAsync();
        receiver.Url = new Uri(receiver._app.Urls.First() + "/hook");
        return receiver;
    }

    /// <summary>The next body received, within 10 seconds.</summary>
    public async Task<JsonElement> NextAsync() =>
        await _bodies.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    public async ValueTask DisposeAsync()
    {
        // Requests still hanging are aborted, not waited for.
        using var now = new CancellationTokenSource();
        await now.CancelAsync();
        await _app.StopAsync(now.Token);
        await _app.DisposeAsync();
    }
}
