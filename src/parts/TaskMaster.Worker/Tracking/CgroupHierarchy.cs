using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using TaskMaster.Worker.Native;

namespace TaskMaster.Worker.Tracking;

/// <summary>
/// The executor's own folder in the unified (v2) cgroup hierarchy, <c>taskmaster-PID-START-N</c>
/// (its process, that process's start time, and which executor of the process) under the cgroup it runs in (so that a delegated subtree is respected, never a
/// cgroup elsewhere), holding one cgroup per running attempt.
/// </summary>
internal sealed partial class CgroupHierarchy : IDisposable
{
    private const string FolderPrefix = "taskmaster-";
    // Several executors may live in one process (tests, benchmarks): each has a folder of its own.
    private static int s_instances;

    private CgroupHierarchy(string mountPoint, string folder)
    {
        MountPoint = mountPoint;
        Folder = folder;
    }

    /// <summary>Where the unified hierarchy is mounted (<c>/sys/fs/cgroup</c>, or <c>/sys/fs/cgroup/unified</c> on a hybrid layout).</summary>
    public string MountPoint { get; }

    /// <summary>The executor's folder, absolute.</summary>
    public string Folder { get; }

    /// <summary>
    /// Creates the executor's folder, after removing the empty folders of executors that are gone;
    /// null (with the reason) when this machine offers no writable cgroup v2 hierarchy to us.
    /// </summary>
    public static CgroupHierarchy? TryCreate(out string whyNot)
    {
        if (Locate() is not { } located)
        {
            whyNot = "no cgroup v2 hierarchy is mounted that holds this process's cgroup";
            return null;
        }
        var (mountPoint, own, writable) = located;
        if (!writable)
        {
            whyNot = $"the cgroup v2 hierarchy at {mountPoint} is mounted read-only";
            return null;
        }
        if (!Access(Path.Combine(own, "cgroup.procs")))
        {
            whyNot = $"{own}/cgroup.procs is not writable by this user (cgroup not delegated)";
            return null;
        }
        RemoveStale(own);
        var self = ProcFiles.Stat(Environment.ProcessId);
        var folder = Path.Combine(own, string.Create(CultureInfo.InvariantCulture, $"{FolderPrefix}{Environment.ProcessId}-{self?.StartTime ?? 0}-{Interlocked.Increment(ref s_instances)}"));
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            whyNot = $"could not create {folder}: {e.Message}";
            return null;
        }
        if (!File.Exists(Path.Combine(folder, "cgroup.kill")))
        {
            Cgroup.Remove(folder);
            whyNot = "the kernel has no cgroup.kill (Linux 5.14 or newer has)";
            return null;
        }
        whyNot = "";
        return new CgroupHierarchy(mountPoint, folder);
    }

    /// <summary>Creates the cgroup of one attempt.</summary>
    /// <exception cref="IOException">It could not be created.</exception>
    public string CreateAttemptGroup(string token) => Directory.CreateDirectory(Path.Combine(Folder, token)).FullName;

    /// <summary>The path of a cgroup as <c>/proc/PID/cgroup</c> names it (relative to the hierarchy's root).</summary>
    public string RelativePath(string cgroup) => "/" + Path.GetRelativePath(MountPoint, cgroup).Replace('\\', '/');

    /// <summary>Whether <paramref name="path"/> is an attempt's cgroup made by some executor (so that a marker cannot name another cgroup).</summary>
    public static bool IsAttemptGroup(string path) =>
        Path.GetFileName(Path.GetDirectoryName(path)) is { } parent && ExecutorFolder().IsMatch(parent);

    /// <summary>Removes what is left of the folder (every attempt's cgroup is empty by now).</summary>
    public void Dispose()
    {
        foreach (var group in SafeList(Folder)) Cgroup.Remove(group);
        Cgroup.Remove(Folder);
    }

    /// <summary>The folders of dead executors: their empty cgroups go; a populated one stays for `resume` to kill exactly.</summary>
    private static void RemoveStale(string own)
    {
        foreach (var folder in SafeList(own))
        {
            var match = ExecutorFolder().Match(Path.GetFileName(folder));
            if (!match.Success) continue;
            var pid = int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
            var started = ulong.Parse(match.Groups[2].ValueSpan, CultureInfo.InvariantCulture);
            if (ProcFiles.Stat(pid) is { } alive && alive.StartTime == started) continue;
            foreach (var group in SafeList(folder)) Cgroup.Remove(group);
            Cgroup.Remove(folder);
        }
    }

    /// <summary>The unified hierarchy's mount point and this process's own cgroup folder in it.</summary>
    private static (string MountPoint, string Own, bool Writable)? Locate()
    {
        var own = OwnCgroup();
        if (own is null) return null;
        foreach (var line in SafeLines("/proc/self/mountinfo"))
        {
            // id parent major:minor root mount-point options [optional…] - type source super-options
            var fields = line.Split(' ');
            var dash = Array.IndexOf(fields, "-");
            if (dash < 5 || dash + 1 >= fields.Length || fields[dash + 1] != "cgroup2") continue;
            var root = Unescape(fields[3]);
            var mountPoint = Unescape(fields[4]);
            var relative = root == "/" ? own : own.StartsWith(root + "/", StringComparison.Ordinal) || own == root ? own[root.Length..] : null;
            if (relative is null) continue;
            // Both the mount and its file system must be read-write.
            var writable = fields[5].Split(',').Contains("rw") && (dash + 3 >= fields.Length || !fields[dash + 3].Split(',').Contains("ro"));
            return (mountPoint, Path.Join(mountPoint, relative), writable);
        }
        return null;
    }

    /// <summary>This process's cgroup in the unified hierarchy: the <c>0::</c> line of /proc/self/cgroup.</summary>
    private static string? OwnCgroup() =>
        SafeLines("/proc/self/cgroup").FirstOrDefault(l => l.StartsWith("0::", StringComparison.Ordinal))?[3..];

    // Mount points escape space, tab, newline and backslash as \ooo.
    private static string Unescape(string field) =>
        OctalEscape().Replace(field, m => ((char)Convert.ToInt32(m.Groups[1].Value, 8)).ToString());

    private static unsafe bool Access(string path)
    {
        Span<byte> name = stackalloc byte[Encoding.UTF8.GetMaxByteCount(path.Length) + 1];
        name[Encoding.UTF8.GetBytes(path, name)] = 0;
        fixed (byte* p = name) return LibC.Access(p, LibC.W_OK) == 0;
    }

    private static string[] SafeLines(string path)
    {
        try
        {
            return File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static string[] SafeList(string folder)
    {
        try
        {
            return Directory.GetDirectories(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    [GeneratedRegex(@"^taskmaster-(\d+)-(\d+)-\d+$")]
    private static partial Regex ExecutorFolder();

    [GeneratedRegex(@"\\([0-7]{3})")]
    private static partial Regex OctalEscape();
}
