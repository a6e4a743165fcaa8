using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace TaskMaster.Testing.Servers;

/// <summary>
/// An HTTP endpoint on a free loopback port (Kestrel) that keeps every JSON body POSTed to it
/// (Alertmanager's or the executor's webhook notifications) and answers each with what
/// <c>answer</c> says for its 1-based request number (200 unless told). Linked into the test
/// projects that need one, so that there is one receiver.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<JsonElement> _received = Channel.CreateUnbounded<JsonElement>();
    private readonly List<JsonElement> _seen = [];
    private int _requests;

    private WebhookReceiver(Func<int, CancellationToken, Task<int>> answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost("/hook", async (HttpContext context) =>
        {
            var n = Interlocked.Increment(ref _requests);
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body, cancellationToken: context.RequestAborted);
            _received.Writer.TryWrite(body);
            return Results.StatusCode(await answer(n, context.RequestAborted));
        });
    }

    public Uri Url { get; private set; } = null!;

    /// <summary>How many POSTs arrived, answered or not yet.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public static async Task<WebhookReceiver> StartAsync(Func<int, CancellationToken, Task<int>>? answer = null)
    {
        var receiver = new WebhookReceiver(answer ?? ((_, _) => Task.FromResult(200)));
        await receiver._app.StartAsync();
        // Port 0 in, the bound port out: Kestrel lists its real address once started.
        receiver.Url = new Uri(new Uri(receiver._app.Urls.Single()), "/hook");
        return receiver;
    }

    /// <summary>The next body received, within 10 seconds (for tests that read bodies in order; not mixed with <see cref="WaitForAsync"/>).</summary>
    public async Task<JsonElement> NextAsync() =>
        await _received.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    /// <summary>The first body, received before or after this call, that <paramref name="matches"/>; a TimeoutException listing what came instead.</summary>
    public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> matches, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        lock (_seen)
        {
            foreach (var body in _seen.Where(matches))
            {
                return body;
            }
        }
        try
        {
            while (true)
            {
                var body = await _received.Reader.ReadAsync(deadline.Token);
                lock (_seen)
                {
                    _seen.Add(body);
                }
                if (matches(body))
                {
                    return body;
                }
            }
        }
        catch (OperationCanceledException)
        {
            string seen;
            lock (_seen)
            {
                seen = string.Join(Environment.NewLine, _seen.Select(body => body.GetRawText()));
            }
            throw new TimeoutException($"no matching notification at {Url} within {timeout.TotalSeconds:0.#}s; received:{Environment.NewLine}{seen}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Requests still hanging are aborted, not waited for.
        using var now = new CancellationTokenSource();
        await now.CancelAsync();
        await _app.StopAsync(now.Token);
        await _app.DisposeAsync();
    }
}
