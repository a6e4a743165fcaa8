using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace TaskMaster.Scheduler.Runs;

/// <summary>
/// Starts the service's runs with the host and interrupts them cleanly when it stops. The unfinished runs
/// are resumed in the background, tried again while a store does not answer (Redis, the checkpoint
/// service down at start): the service is alive meanwhile and not ready, and begins once they answer.
/// </summary>
internal sealed partial class MultiRunHostedService(MultiRunScheduler runs, TimeProvider time, ILogger<MultiRunHostedService> logger) : IHostedService, IDisposable
{
    /// <summary>The longest wait between two tries of the resume.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stopping = new();
    private Task _resuming = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e => !_stopping.IsCancellationRequested),
                MaxRetryAttempts = int.MaxValue,
                Delay = TimeSpan.FromMilliseconds(250),
                MaxDelay = MaxRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = args =>
                {
                    LogResumeDeferred(args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception?.Message ?? "");
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
        // Not awaited: the host goes on listening (alive, /readyz says not ready) while the stores are away.
        _resuming = Task.Run(async () =>
        {
            try
            {
                await pipeline.ExecuteAsync(async token => await runs.StartAsync(token).ConfigureAwait(false), _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                // Stopped before every run was resumed: those that were are interrupted with the rest in StopAsync.
            }
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _resuming.ConfigureAwait(false);
        await runs.DisposeAsync().ConfigureAwait(false);
    }

    public void Dispose() => _stopping.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "The unfinished runs could not be resumed yet (try {Attempt}); trying again in {Delay}: {Problem}")]
    private partial void LogResumeDeferred(int attempt, TimeSpan delay, string problem);
}
