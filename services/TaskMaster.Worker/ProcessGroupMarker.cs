using System.Globalization;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.Storage;

namespace TaskMaster.Worker;

/// <summary>
/// A file per running attempt naming its process group and when its leader started. Task process
/// groups are their own sessions, so they outlive an executor killed with SIGKILL; the next
/// executor on the same home uses these files to kill exactly those leftovers (and nothing that
/// merely reuses a pid) before it runs the tasks again.
/// </summary>
internal static class ProcessGroupMarker
{
    public static void Write(HomeLayout home, string runId, string taskId, int processGroup)
    {
        var path = home.RunningMarker(runId, taskId);
        PrivateFiles.CreateParentOf(path);
        var started = ProcStat.StartTime(processGroup) ?? 0;
        PrivateFiles.WriteAllText(path, string.Create(CultureInfo.InvariantCulture, $"{processGroup} {started}"));
    }

    public static void Remove(HomeLayout home, string runId, string taskId)
    {
        try { File.Delete(home.RunningMarker(runId, taskId)); }
        catch (IOException) { /* the next executor checks the process before it kills anything */ }
    }

    /// <summary>
    /// Kills every process still in a group a previous executor of this run left marked, and removes
    /// the marks. Returns the task ids whose leftovers were killed.
    /// </summary>
    public static IReadOnlyList<string> KillLeftovers(HomeLayout home, string runId)
    {
        var directory = Path.GetDirectoryName(home.RunningMarker(runId, "x"))!;
        if (!Directory.Exists(directory)) return [];
        var killed = new List<string>();
        foreach (var file in Directory.EnumerateFiles(directory, "*.pgid"))
        {
            var parts = File.ReadAllText(file).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // Only while the group's leader (the task's shell, which waits for its children) is the very
            // process recorded: pids come round, and a group id whose leader is gone may now be another
            // program's. A task whose shell already ended leaves no group we can be sure of.
            if (parts.Length == 2 && int.TryParse(parts[0], out var group) && ulong.TryParse(parts[1], out var leaderStarted)
                && leaderStarted != 0 && ProcStat.StartTime(group) == leaderStarted)
            {
                var members = ProcStat.GroupMembers(group, startedNoEarlierThan: leaderStarted);
                foreach (var pid in members) UnixSignals.Send(pid, UnixSignals.SIGKILL);
                if (members.Count > 0) killed.Add(Path.GetFileNameWithoutExtension(file));
            }
            File.Delete(file);
        }
        return killed;
    }
}

/// <summary>Reads process facts from /proc (Linux).</summary>
internal static class ProcStat
{
    /// <summary>The process's start time in clock ticks since boot (field 22 of /proc/PID/stat).</summary>
    public static ulong? StartTime(int pid) => Fields(pid) is { } f && ulong.TryParse(f[19], out var t) ? t : null;

    /// <summary>Live processes of a process group that started no earlier than the given time.</summary>
    public static List<int> GroupMembers(int group, ulong startedNoEarlierThan)
    {
        var members = new List<int>();
        if (!Directory.Exists("/proc")) return members;
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var pid)) continue;
            var fields = Fields(pid);
            // Fields after the command name: [0] state, [2] process group, [19] start time.
            if (fields is null || fields[0] == "Z" || !int.TryParse(fields[2], out var pgrp) || pgrp != group) continue;
            if (ulong.TryParse(fields[19], out var started) && started >= startedNoEarlierThan) members.Add(pid);
        }
        return members;
    }

    private static string[]? Fields(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            // The command name is in parentheses and may hold spaces: split after its closing one.
            return text[(text.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
