using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace TaskMaster.Testing.Servers;

/// <summary>An HTTP endpoint on a free loopback port that keeps every JSON body POSTed to it (Alertmanager's webhook notifications).</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<JsonElement> _received;
    private readonly List<JsonElement> _seen = [];

    private WebhookReceiver(WebApplication app, Channel<JsonElement> received)
    {
        _app = app;
        _received = received;
        // Port 0 in, the bound port out: Kestrel lists its real address once started.
        Url = new Uri(new Uri(app.Urls.Single()), "/alerts");
    }

    public Uri Url { get; }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var received = Channel.CreateUnbounded<JsonElement>();
        app.MapPost("/alerts", async (HttpRequest request) =>
        {
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body);
            await received.Writer.WriteAsync(body);
            return Results.Ok();
        });
        await app.StartAsync();
        return new WebhookReceiver(app, received);
    }

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

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
