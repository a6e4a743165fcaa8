using System.Diagnostics;

namespace TaskMaster.Worker.Tests.Support;

/// <summary>Whether a process still runs, as seen in /proc.</summary>
internal static class ProcessStatus
{
    /// <summary>
    /// True when the process is gone or a zombie: PID 1 here does not reap orphans, so a killed
    /// grandchild stays a zombie and kill(pid, 0) would still succeed on it.
    /// </summary>
    public static bool HasEnded(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return true;
        }
        // The state follows the command name, which is in parentheses and may itself hold spaces.
        var state = stat[stat.LastIndexOf(')') + 2];
        return state is 'Z' or 'X';
    }

    /// <summary>
    /// Waits until the process has ended. SIGKILL to a process that is not our child is delivered
    /// asynchronously and there is no event to await for it, so this polls, within a bound.
    /// </summary>
    public static async Task<bool> EndsWithinAsync(int pid, TimeSpan patience)
    {
        var clock = Stopwatch.StartNew();
        while (!HasEnded(pid))
        {
            if (clock.Elapsed > patience) return false;
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
        return true;
    }

    /// <summary>Waits until the process runs <paramref name="command"/> (has exec'd it), within a bound.</summary>
    public static async Task<bool> RunsAsync(int pid, string command, TimeSpan patience)
    {
        var clock = Stopwatch.StartNew();
        while (!ReadCommand(pid).Equals(command, StringComparison.Ordinal))
        {
            if (clock.Elapsed > patience || HasEnded(pid)) return false;
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
        return true;
    }

    private static string ReadCommand(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return "";
        }
    }
}
