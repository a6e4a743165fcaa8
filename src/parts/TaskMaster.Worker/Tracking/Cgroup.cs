using System.Globalization;
using System.Text;
using TaskMaster.Worker.Native;

namespace TaskMaster.Worker.Tracking;

/// <summary>Operations on one cgroup v2 folder: its processes, killing them all, removing it.</summary>
internal static class Cgroup
{
    /// <summary>The pids in the cgroup now (ended processes are not listed).</summary>
    public static List<int> Processes(string path)
    {
        var pids = new List<int>();
        var buffer = new byte[16 * 1024];
        var length = ProcFiles.Read(Path.Combine(path, "cgroup.procs"), buffer);
        foreach (var line in Encoding.ASCII.GetString(buffer, 0, Math.Max(length, 0)).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            if (int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) pids.Add(pid);
        return pids;
    }

    /// <summary>
    /// SIGKILLs every process in the cgroup at once (<c>cgroup.kill</c>, Linux ≥ 5.14); a fork racing
    /// with it is killed too. False when the file could not be written.
    /// </summary>
    public static bool Kill(string path)
    {
        return ProcFiles.Write(Path.Combine(path, "cgroup.kill"), "1"u8) == 0;
    }

    /// <summary>Moves a process into the cgroup; false when it could not be (it has ended, say).</summary>
    public static bool Move(string path, int pid)
    {
        Span<byte> text = stackalloc byte[12];
        return pid.TryFormat(text, out var length, provider: CultureInfo.InvariantCulture)
            && ProcFiles.Write(Path.Combine(path, "cgroup.procs"), text[..length]) == 0;
    }

    /// <summary>Whether <paramref name="pid"/>'s unified cgroup is exactly <paramref name="relativePath"/> (as <c>/proc/PID/cgroup</c> names it).</summary>
    public static bool Holds(int pid, string relativePath)
    {
        Span<byte> buffer = stackalloc byte[4096];
        var length = ProcFiles.Read($"/proc/{pid}/cgroup", buffer);
        if (length <= 0) return false;
        foreach (var line in Encoding.UTF8.GetString(buffer[..length]).Split('\n'))
            if (line.StartsWith("0::", StringComparison.Ordinal)) return line.AsSpan(3).SequenceEqual(relativePath);
        return false;
    }

    /// <summary>Removes the (empty) cgroup; false when it is still populated or already gone.</summary>
    public static bool Remove(string path)
    {
        try
        {
            Directory.Delete(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
