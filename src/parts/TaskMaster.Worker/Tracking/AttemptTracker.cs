using TaskMaster.Worker.Native;

namespace TaskMaster.Worker.Tracking;

/// <summary>
/// Finds every live process of one attempt, those that left its session or process group too, so
/// that a timeout, a stop, a cancel or the end of the task reaches all of them.
/// </summary>
internal abstract class AttemptTracker : IDisposable
{
    protected AttemptTracker(string token) => Token = token;

    /// <summary>The attempt's unique id, inherited by its processes as <see cref="TaskEnvironment.AttemptId"/>.</summary>
    public string Token { get; }

    /// <summary>The cgroup holding the attempt's processes, if it has one.</summary>
    public virtual string? CgroupPath => null;

    /// <summary>The shell's start time (clock ticks since boot) once adopted; 0 before, or when it had ended already.</summary>
    public abstract ulong ShellStarted { get; }

    /// <summary>How its processes are found, for the log.</summary>
    public abstract string Method { get; }

    /// <summary>Whether the process started with the attempt's token in its environment.</summary>
    protected bool CarriesToken(int pid) => ProcFiles.EnvironmentValue(pid, TaskEnvironment.AttemptId) == Token;

    /// <summary>Takes charge of the shell, the instant after it was spawned.</summary>
    public abstract void Adopt(int shellPid);

    /// <summary>
    /// The attempt's live processes now, each held by a pidfd checked to be the very process found
    /// (a pid that came round again is never in it). The caller disposes them.
    /// </summary>
    /// <param name="thorough">Also search every process's environment for the attempt's marker.</param>
    public abstract List<Pidfd> Live(bool thorough);

    /// <summary>Sends <paramref name="signal"/> to every live process of the attempt; how many there were.</summary>
    public int Signal(int signal, bool thorough)
    {
        var live = Live(thorough);
        SignalAll(live, signal);
        foreach (var process in live) process.Dispose();
        return live.Count;
    }

    /// <summary>
    /// Signals every process. SIGKILL goes to processes stopped first: killed one by one, a shell
    /// whose command substitution died first would run on to its next command between two kills.
    /// </summary>
    internal static void SignalAll(IReadOnlyList<Pidfd> processes, int signal)
    {
        if (signal == UnixSignals.SIGKILL)
            foreach (var process in processes) process.Signal(UnixSignals.SIGSTOP);
        foreach (var process in processes) process.Signal(signal);
    }

    /// <summary>SIGKILLs every live process of the attempt; how many there were.</summary>
    public virtual int KillAll(bool thorough) => Signal(UnixSignals.SIGKILL, thorough);

    public virtual void Dispose()
    {
    }
}
