using Microsoft.Extensions.Logging;
using TaskMaster.Core.Events;
using TaskMaster.Core.Runs;

namespace TaskMaster.Monitor.Cluster;

/// <summary>
/// Follows one run's event stream into its <see cref="ClusterRun"/>: the start first (with the queue
/// it names), then every event as it is journaled. A stream that fails (Redis down) is read again from
/// the last event folded after a pause that doubles up to <see cref="MaxRetryDelay"/>; a run whose
/// queue cannot be had, or whose events do not fold, keeps its problem and is not followed further.
/// </summary>
public sealed partial class RunFollower(
    ClusterRun run, IRunEventStream stream, IRunQueueSource queues, TimeProvider time, ILogger logger)
{
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(200);
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(10);

    /// <summary>Folds until the run has completed, its events cannot be folded, or <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var delay = FirstRetryDelay;
        while (!cancellationToken.IsCancellationRequested && !run.Ended && run.Problem is null)
        {
            try
            {
                await foreach (var e in stream.ReadAsync(run.RunId, run.Sequence, follow: true, cancellationToken).ConfigureAwait(false))
                {
                    await FoldAsync(e, cancellationToken).ConfigureAwait(false);
                    delay = FirstRetryDelay;
                    if (run.Ended || run.Problem is not null) return;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The stream's store failed: the monitor waits for it, the run goes on without it.
                LogStreamFailed(logger, run.RunId, run.Sequence, delay, e.Message);
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, delay.Ticks * 2));
            }
        }
    }

    private async ValueTask FoldAsync(RunEvent e, CancellationToken cancellationToken)
    {
        if (run.Started is null)
        {
            if (e is not RunStarted started)
            {
                Refuse($"the events of run {run.RunId} begin with {e.GetType().Name}, not its start");
                return;
            }
            var (queue, problem) = await queues.LoadAsync(started, cancellationToken).ConfigureAwait(false);
            if (queue is null)
            {
                Refuse(problem!);
                return;
            }
            try
            {
                run.Begin(started, queue);
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                Refuse($"run {run.RunId} could not be set up for showing: {failure.GetType().Name}: {failure.Message}");
            }
            return;
        }
        try
        {
            run.Apply(e);
        }
        catch (Exception failure) when (failure is ArgumentException or InvalidOperationException or KeyNotFoundException)
        {
            Refuse($"event {e.Sequence} ({e.GetType().Name}) of run {run.RunId} does not fold: {failure.Message}");
        }
    }

    private void Refuse(string problem)
    {
        run.Fail(problem);
        LogRefused(logger, run.RunId, problem);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: its event stream failed after event {Sequence}; reading again in {Delay}: {Reason}")]
    private static partial void LogStreamFailed(ILogger logger, string runId, long sequence, TimeSpan delay, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId} cannot be shown: {Problem}")]
    private static partial void LogRefused(ILogger logger, string runId, string problem);
}
