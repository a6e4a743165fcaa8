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
}
