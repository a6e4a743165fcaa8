using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace TaskMaster.RabbitMq;

/// <summary>
/// Sends that must not be lost (an attempt, its result): retried with backoff while the broker is
/// away, until they go through or the owner is disposed. Callers never wait: the send runs on its own.
/// </summary>
internal sealed class ReliableSender(ILogger logger, TimeProvider time) : IAsyncDisposable
{
    // Never disposed: cancelled once, it holds no timer.
    private readonly CancellationTokenSource _stopping = new();
    private readonly HashSet<Task> _pending = [];
    private readonly Lock _gate = new();
    private readonly ResiliencePipeline _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException),
            MaxRetryAttempts = int.MaxValue,
            BackoffType = DelayBackoffType.Exponential,
            Delay = TimeSpan.FromMilliseconds(100),
            MaxDelay = TimeSpan.FromSeconds(2),
            UseJitter = true,
            OnRetry = retry =>
            {
                logger.LogWarning(retry.Outcome.Exception, "A send to the broker failed (attempt {Attempt}); retrying", retry.AttemptNumber + 1);
                return ValueTask.CompletedTask;
            },
        })
        .Build();

    /// <summary>Runs <paramref name="send"/> until it succeeds; returns at once.</summary>
    public void Send(Func<CancellationToken, Task> send)
    {
        Task task;
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested) return;
            task = RunAsync(send);
            _pending.Add(task);
        }
        task.ContinueWith(Forget, TaskScheduler.Default);
    }

    private void Forget(Task done)
    {
        lock (_gate) _pending.Remove(done);
    }

    /// <summary>Waits for every send begun so far (a worker's results before it exits), at most <paramref name="timeout"/>.</summary>
    public async Task FlushAsync(TimeSpan timeout)
    {
        Task[] pending;
        lock (_gate) pending = [.. _pending];
        try
        {
            await Task.WhenAll(pending).WaitAsync(timeout, time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            logger.LogWarning("{Count} sends to the broker had not gone through after {Timeout}", pending.Count(t => !t.IsCompleted), timeout);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task[] pending;
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested) return;
            _stopping.Cancel();
            pending = [.. _pending];
        }
        await Task.WhenAll(pending).ConfigureAwait(false);
    }

    private async Task RunAsync(Func<CancellationToken, Task> send)
    {
        try
        {
            await _pipeline.ExecuteAsync(async token => await send(token).ConfigureAwait(false), _stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            logger.LogWarning("A send to the broker was abandoned: the process is stopping");
        }
    }
}
