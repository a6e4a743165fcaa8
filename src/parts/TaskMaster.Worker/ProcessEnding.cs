using TaskMaster.Core.Display;
using TaskMaster.Worker.Native;

namespace TaskMaster.Worker;

/// <summary>
/// Ends a task's processes the way a timeout, a stop or a cancel asks, and says how it went as a
/// result's reason does: what was sent, when, and to how many, as it actually happened.
/// </summary>
internal sealed record ProcessEnding(string Description)
{
    // SIGKILL takes effect at once; this only bounds the wait for a process stuck in the kernel.
    private static readonly TimeSpan KilledPatience = TimeSpan.FromSeconds(10);

    /// <summary>
    /// SIGTERM to every process of the task; SIGKILL to those still running after
    /// <paramref name="grace"/>, or as soon as <paramref name="hurry"/> fires. Returns once all have ended.
    /// </summary>
    public static async Task<ProcessEnding> TerminateAsync(TaskProcess process, TimeSpan grace, TimeProvider time, CancellationToken hurry)
    {
        process.Signal(UnixSignals.SIGTERM);
        var sent = time.GetTimestamp();
        using (var timer = new CancellationTokenSource(grace, time))
        using (var graceOrHurry = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, hurry))
        {
            if (await process.AllEndedAsync(graceOrHurry.Token).ConfigureAwait(false))
                return new ProcessEnding($"SIGTERM; all processes ended within {DurationText.Format(time.GetElapsedTime(sent))}");
        }
        var killed = process.KillAll(thorough: true);
        var after = time.GetElapsedTime(sent);
        var stuck = await StuckAfterKillAsync(process, time).ConfigureAwait(false);
        return new ProcessEnding($"SIGTERM, then SIGKILL {DurationText.Format(after)} later ({Processes(killed)}){stuck}");
    }

    /// <summary>SIGKILL to every process of the task at once. Returns once all have ended.</summary>
    public static async Task<ProcessEnding> KillAsync(TaskProcess process, TimeProvider time)
    {
        var killed = process.KillAll(thorough: true);
        var stuck = await StuckAfterKillAsync(process, time).ConfigureAwait(false);
        return new ProcessEnding($"SIGKILL ({Processes(killed)}){stuck}");
    }

    /// <summary>
    /// The processes of a task end with its shell: SIGKILLs whatever it left running and waits for
    /// them; what the task log's footer says of it, or null when there was nothing.
    /// </summary>
    public static async Task<string?> EndLeftoversAsync(TaskProcess process, TimeProvider time)
    {
        var leftovers = process.KillAll(thorough: false);
        if (leftovers == 0)
        {
            ChildReaper.Shared.ReapOrphans();
            return null;
        }
        var stuck = await StuckAfterKillAsync(process, time).ConfigureAwait(false);
        return $"{Processes(leftovers)} left running killed at its end{stuck}";
    }

    /// <summary>Waits for the killed processes to end: nothing to say, or that some would not.</summary>
    public static async Task<string> StuckAfterKillAsync(TaskProcess process, TimeProvider time)
    {
        using var patience = new CancellationTokenSource(KilledPatience, time);
        return await process.AllEndedAsync(patience.Token).ConfigureAwait(false) ? ""
            : $"; some still running {DurationText.Format(KilledPatience)} after SIGKILL (stuck in the kernel?)";
    }

    public static string Processes(int count) => Counted.Of(count, "process", "processes");
}
