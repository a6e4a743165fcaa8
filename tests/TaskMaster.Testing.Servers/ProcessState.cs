namespace TaskMaster.Testing.Servers;

/// <summary>Whether a process still runs, as <c>/proc</c> shows it.</summary>
public static class ProcessState
{
    /// <summary>
    /// True when the process is gone or a zombie: PID 1 here reaps no orphans, so an ended process can
    /// linger as one (and kill(pid, 0) would still succeed on it).
    /// </summary>
    public static bool HasEnded(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
        // "pid (comm) state …": the command name may hold spaces and parentheses, the state follows the last ')'.
        return stat[stat.LastIndexOf(')') + 2] is 'Z' or 'X';
    }

    /// <summary>Sends <paramref name="signal"/> (e.g. 19 SIGSTOP, 18 SIGCONT) to the process group <paramref name="pid"/> leads (servers start in sessions of their own).</summary>
    /// <exception cref="InvalidOperationException">The signal could not be sent.</exception>
    public static void SignalGroup(int pid, int signal)
    {
        if (Kill(-pid, signal) != 0 && Kill(pid, signal) != 0)
            throw new InvalidOperationException($"signal {signal} could not be sent to process {pid}: errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}");
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
