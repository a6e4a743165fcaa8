using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace TaskMaster.Scheduler.Runs;

/// <summary>
/// Starts the service's runs with the host and interrupts them cleanly when it stops. When a store does
/// not answer as the unfinished runs are resumed (Redis, the checkpoint service down at start), the host
/// starts anyway, alive and not ready, and the resume is tried again in the background until they answer.
/// </summary>
internal sealed partial class MultiRunHostedService(MultiRunScheduler runs, TimeProvider time, ILogger<MultiRunHostedService> logger) : IHostedService, IDisposable
{
    /// <summary>The wait before the second try of the resume; each next one doubles it (with jitter).</summary>
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest wait between two tries of the resume.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stopping = new();
    private Task _resuming = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // The first try holds the host's start: with its stores up, the service listens once its runs are resumed.
        try
        {
            await runs.StartAsync(cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogResumeDeferred(1, FirstRetryDelay, e.Message);
        }
        // The next ones in the background: the host goes on listening (alive, /readyz says not ready) while the stores are away.
        _resuming = Task.Run(ResumeUntilDoneAsync, CancellationToken.None);
    }

    private async Task ResumeUntilDoneAsync()
    {
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(_ => !_stopping.IsCancellationRequested),
                MaxRetryAttempts = int.MaxValue,
                Delay = FirstRetryDelay,
                MaxDelay = MaxRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = args =>
                {
                    LogResumeDeferred(args.AttemptNumber + 2, args.RetryDelay, args.Outcome.Exception?.Message ?? "");
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
        try
        {
            await Task.Delay(FirstRetryDelay, time, _stopping.Token).ConfigureAwait(false);
            await pipeline.ExecuteAsync(async token => await runs.StartAsync(token).ConfigureAwait(false), _stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopped before every run was resumed: those that were are interrupted with the rest in StopAsync.
        }
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
