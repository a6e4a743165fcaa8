using System.Globalization;
using System.Text;
using TaskMaster.Core.Scheduling;
using TaskMaster.Worker.Native;
using TaskMaster.Core.Storage;

namespace TaskMaster.Worker.Tracking;

/// <summary>
/// A file per running attempt (<see cref="HomeLayout.RunningMarker"/>): <c>GROUP START TOKEN CGROUP</c>,
/// the shell's process group and start time (the monitor sums a task's CPU and memory over that
/// group; 0 0 until the shell runs), the attempt's unique token its processes inherit, and its
/// cgroup (<c>-</c> without one).
/// A task's processes outlive an executor killed with SIGKILL; the next executor on the home uses
/// these files to kill exactly those (see <see cref="LeftoverKiller"/>).
/// </summary>
internal sealed record AttemptMarker(int Group, ulong GroupStarted, string? Token, string? CgroupPath)
{
    /// <summary>
    /// Written before the shell is spawned (group 0: none yet), so that an executor killed at any
    /// moment after the spawn leaves its token behind: intent first, then the act.
    /// </summary>
    public static void WriteBeforeSpawn(HomeLayout home, string runId, string taskId, AttemptTracker tracker)
    {
        var path = home.RunningMarker(runId, taskId);
        PrivateFiles.CreateParentOf(path);
        PrivateFiles.WriteAllText(path, Format(0, 0, tracker));
    }

    /// <summary>
    /// Adds the shell's group once it runs, in place: the same file (a new one per attempt would cost
    /// ext4 an inode search among recently deleted ones, which this disk measured as the largest cost
    /// of a no-op task) overwritten by a longer text in one write.
    /// </summary>
    public static void WriteSpawned(HomeLayout home, string runId, string taskId, int shellPid, AttemptTracker tracker)
    {
        var text = Format(shellPid, ProcFiles.Stat(shellPid)?.StartTime ?? 0, tracker);
        var error = ProcFiles.Write(home.RunningMarker(runId, taskId), Encoding.UTF8.GetBytes(text));
        if (error != 0) throw new IOException($"could not write {home.RunningMarker(runId, taskId)}: {new System.ComponentModel.Win32Exception(error).Message}");
    }

    private static string Format(int group, ulong started, AttemptTracker tracker) =>
        string.Create(CultureInfo.InvariantCulture, $"{group} {started} {tracker.Token} {tracker.CgroupPath ?? "-"}");

    public static void Remove(HomeLayout home, string runId, string taskId)
    {
        try { File.Delete(home.RunningMarker(runId, taskId)); }
        catch (IOException) { /* the next executor checks every process before it kills anything */ }
    }

    /// <summary>Reads a marker; the files of earlier versions hold only the group and its start time.</summary>
    public static AttemptMarker? Parse(string text)
    {
        // The fourth field is the cgroup path, which may hold spaces.
        var parts = text.Trim().Split(' ', 4);
        if (parts.Length < 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var group)
            || !ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var started)) return null;
        var token = parts.Length > 2 && parts[2].Length == 32 && parts[2].All(char.IsAsciiHexDigitLower) ? parts[2] : null;
        var cgroup = parts.Length > 3 ? parts[3] : "-";
        return new AttemptMarker(group, started, token, cgroup == "-" ? null : cgroup);
    }
}
