using System.Net;
using System.Net.Http.Json;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace TaskMaster.Monitor.Alerts;

/// <summary>
/// What every alert receiver shares: one HTTP client whose attempts each have their own timeout, and
/// Polly's retry (exponential backoff with jitter) on a connection error, a timeout, a 5xx or a 429.
/// </summary>
internal static class AlertDelivery
{
    public static HttpClient CreateClient(HttpMessageHandler? handler) =>
        new(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = Timeout.InfiniteTimeSpan, // each attempt has its own timeout in the pipeline
        };

    /// <param name="onRetry">Told the attempt that comes next and what the last one gave.</param>
    public static ResiliencePipeline<HttpResponseMessage> CreatePipeline(AlertDeliveryOptions options, TimeProvider time, Action<int, string> onRetry) =>
        new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(r => (int)r.StatusCode >= 500 || r.StatusCode == HttpStatusCode.TooManyRequests),
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = args =>
                {
                    onRetry(args.AttemptNumber + 1, args.Outcome.Result?.StatusCode.ToString() ?? args.Outcome.Exception?.Message ?? "?");
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(options.AttemptTimeout)
            .Build();

    /// <summary>POSTs <paramref name="body"/> as JSON through <paramref name="pipeline"/>.</summary>
    /// <returns>Null when it was delivered, else why not; and how many attempts it took.</returns>
    public static async Task<(string? Failure, int Attempts)> PostAsync<T>(
        HttpClient client, ResiliencePipeline<HttpResponseMessage> pipeline, Uri url, T body, CancellationToken cancellationToken)
    {
        var attempts = 0;
        try
        {
            using var response = await pipeline.ExecuteAsync(async token =>
            {
                attempts++;
                return await client.PostAsJsonAsync(url, body, AlertmanagerPayload.JsonOptions, token).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
            return (response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}", attempts);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException)
        {
            return (e.Message, attempts);
        }
    }

    /// <summary>The way out's health after a delivery: <see cref="WebhookHealth.Down"/> when it failed, degraded when it needed retries.</summary>
    public static WebhookHealth HealthAfter(string? failure, int attempts) =>
        failure is not null ? WebhookHealth.Down : attempts > 1 ? WebhookHealth.Degraded : WebhookHealth.Ok;

    /// <summary>Lets <paramref name="worker"/> send what is queued for at most <paramref name="drainTimeout"/>, then cancels it.</summary>
    public static async Task StopAsync(Task worker, CancellationTokenSource stopping, TimeSpan drainTimeout, TimeProvider time, Action onTimeout)
    {
        try
        {
            await worker.WaitAsync(drainTimeout, time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            onTimeout();
        }
        await stopping.CancelAsync().ConfigureAwait(false);
        await worker.ConfigureAwait(false);
    }
}
