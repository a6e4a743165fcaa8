using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using TaskMaster.Scheduler.Leadership;

namespace TaskMaster.Scheduler.Runs;

/// <summary>
/// The runs, as a leader's duty: when this scheduler wins the lease it resumes every unfinished run, and it
/// interrupts them cleanly when the service stops (or gives them up at once when it loses the lease). When a
/// store does not answer as the runs are resumed (Redis, the checkpoint service down), the service goes on,
/// alive and not ready, and the resume is tried again in the background until they answer or the term ends.
/// </summary>
internal sealed partial class MultiRunLeaderDuty(MultiRunScheduler runs, TimeProvider time, ILogger<MultiRunLeaderDuty> logger) : ILeaderDuty
{
    /// <summary>The wait before the second try of the resume; each next one doubles it (with jitter).</summary>
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest wait between two tries of the resume.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    private Task _resuming = Task.CompletedTask;

    public async Task TakeOverAsync(LeaseTerm term, LeaderFence fence, CancellationToken stepDown)
    {
        await runs.LeadAsync(fence).ConfigureAwait(false);
        // The first try is awaited: with its stores up, the service listens once its runs are resumed.
        try
        {
            await runs.StartAsync(stepDown).ConfigureAwait(false);
            return;
        }
        catch (Exception e) when (!stepDown.IsCancellationRequested)
        {
            LogResumeDeferred(1, FirstRetryDelay, e.Message);
        }
        // The next ones in the background: the service goes on (alive, /readyz says not ready) while the stores are away.
        _resuming = Task.Run(() => ResumeUntilDoneAsync(stepDown), CancellationToken.None);
    }

    public async Task StepDownAsync()
    {
        await _resuming.ConfigureAwait(false);
        await runs.StepDownAsync().ConfigureAwait(false);
    }

    public async Task StopAsync()
    {
        await _resuming.ConfigureAwait(false);
        await runs.DisposeAsync().ConfigureAwait(false);
    }

    private async Task ResumeUntilDoneAsync(CancellationToken stepDown)
    {
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(_ => !stepDown.IsCancellationRequested),
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
            await Task.Delay(FirstRetryDelay, time, stepDown).ConfigureAwait(false);
            await pipeline.ExecuteAsync(async token => await runs.StartAsync(token).ConfigureAwait(false), stepDown).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stepDown.IsCancellationRequested)
        {
            // The term ended before every run was resumed: those that were end with the rest.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The unfinished runs could not be resumed yet (try {Attempt}); trying again in {Delay}: {Problem}")]
    private partial void LogResumeDeferred(int attempt, TimeSpan delay, string problem);
}
