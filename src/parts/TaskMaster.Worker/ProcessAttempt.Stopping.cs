using TaskMaster.Core.Policies;

namespace TaskMaster.Worker;

/// <summary>How an attempt is stopped: by its timeout, by a cancel (SIGKILL at once), by a terminate (SIGTERM first).</summary>
internal sealed partial class ProcessAttempt
{
    // The longest delay a timer takes (about 49 days); a longer timeout is as good as none.
    private static readonly TimeSpan LongestTimer = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>Kills every process of the attempt (if it runs) and makes it report <see cref="TaskFailureKind.Cancelled"/>.</summary>
    public void Cancel() => _cancel.Cancel();

    /// <summary>
    /// Ends the attempt as a timeout does (SIGTERM to all its processes, SIGKILL after the grace) and
    /// makes it report <see cref="TaskFailureKind.Cancelled"/>: one task taken away by an operator may clean up.
    /// </summary>
    public void Terminate() => _terminate.Cancel();

    /// <summary>
    /// Waits for the shell to exit, or for the timeout, a stop or a cancel: then ends every process of
    /// the task and says how. Returns the shell's exit code.
    /// </summary>
    private async Task<(int ExitCode, ProcessEnding? Ending)> WaitForExitOrEndAsync(TaskProcess process)
    {
        using var deadline = launch.Task.Timeout is { } timeout && timeout < LongestTimer
            ? new CancellationTokenSource(timeout, time)
            : new CancellationTokenSource();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, _cancel.Token, _terminate.Token);
        if (await ExitedAsync(process, stop.Token).ConfigureAwait(false)) return (await process.Exited.ConfigureAwait(false), null);

        ProcessEnding ending;
        if (_cancel.IsCancellationRequested)
        {
            TrySetKill(AttemptKill.Cancelled);
            ending = await ProcessEnding.KillAsync(process, time).ConfigureAwait(false);
        }
        else
        {
            TrySetKill(_terminate.IsCancellationRequested ? AttemptKill.Cancelled : AttemptKill.Timeout);
            ending = await ProcessEnding.TerminateAsync(process, options.KillGrace, time, _cancel.Token).ConfigureAwait(false);
        }
        return (await process.Exited.ConfigureAwait(false), ending);
    }

    private static async Task<bool> ExitedAsync(TaskProcess process, CancellationToken stop)
    {
        try
        {
            await process.Exited.WaitAsync(stop).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            // It may have ended just as the deadline passed: then it was not killed by us.
            return process.Exited.IsCompleted;
        }
    }

    /// <summary>Records why we end the processes; the first reason wins.</summary>
    private bool TrySetKill(AttemptKill reason) =>
        Interlocked.CompareExchange(ref _kill, (int)reason, (int)AttemptKill.None) == (int)AttemptKill.None;
}
