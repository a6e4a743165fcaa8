using System.Net;
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

    /// <summary>Whether an exception ends a delivery as undelivered (rather than being a fault of ours).</summary>
    public static bool IsUndelivered(Exception e) => e is HttpRequestException or TimeoutRejectedException;
}
