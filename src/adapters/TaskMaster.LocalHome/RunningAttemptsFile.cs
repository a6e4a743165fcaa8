using System.Globalization;
using System.Text;

namespace TaskMaster.LocalHome;

/// <summary>One running attempt as its executor recorded it.</summary>
/// <param name="Group">The shell's process group (its pid); 0 until the shell runs.</param>
/// <param name="GroupStarted">The shell's start time in clock ticks since boot; 0 until it runs.</param>
/// <param name="Token">The attempt's unique id, inherited by its processes as <c>TASKMASTER_ATTEMPT_ID</c>.</param>
/// <param name="CgroupPath">The attempt's cgroup, absolute; null when it has none.</param>
public sealed record RunningAttempt(string TaskId, int Group, ulong GroupStarted, string Token, string? CgroupPath);

/// <summary>
/// The running attempts of one executor on one run, in one file under <see cref="HomeLayout.RunningDirectory"/>:
/// a header of <see cref="HeaderSize"/> bytes naming the executor's cgroup folder (each attempt's cgroup
/// is the folder's child named by its token), then one slot of <see cref="SlotSize"/> bytes per attempt
/// running at once. A slot holds <c>GROUP START TOKEN TASKID\n</c> followed by zeros; a free slot is all
/// zeros. A slot is rewritten in place with one write that never crosses a page (a page holds whole
/// slots), so a reader sees each slot whole, and no file is created or removed per attempt: on ext4 a
/// new file per attempt cost an inode search among the recently deleted ones, the largest cost of a
/// no-op task on this disk.
/// </summary>
public static class RunningAttemptsFile
{
    public const string Extension = ".attempts";

    public const int HeaderSize = 4096;

    public const int SlotSize = 512;

    private const string Magic = "taskmaster running attempts 1";
    private const string NoCgroups = "-";

    /// <summary>The header: the format, and the folder of the attempts' cgroups (null: none).</summary>
    /// <exception cref="ArgumentException">The folder's path does not fit in the header.</exception>
    public static byte[] Header(string? cgroupFolder)
    {
        var header = new byte[HeaderSize];
        var text = $"{Magic}\n{cgroupFolder ?? NoCgroups}\n";
        if (Encoding.UTF8.GetByteCount(text) > HeaderSize) throw new ArgumentException($"the cgroup folder's path is longer than {HeaderSize - Magic.Length - 3} bytes", nameof(cgroupFolder));
        Encoding.UTF8.GetBytes(text, header);
        return header;
    }

    /// <summary>Where slot <paramref name="index"/> starts in the file.</summary>
    public static long SlotOffset(int index) => HeaderSize + (long)index * SlotSize;

    /// <summary>Fills <paramref name="slot"/> (<see cref="SlotSize"/> bytes) with one attempt's record.</summary>
    public static void WriteSlot(Span<byte> slot, string taskId, int group, ulong groupStarted, string token)
    {
        slot.Clear();
        var text = string.Create(CultureInfo.InvariantCulture, $"{group} {groupStarted} {token} {taskId}\n");
        // A task id has at most 200 ASCII characters and a token 32: a record takes at most 266 bytes.
        Encoding.ASCII.GetBytes(text, slot);
    }

    /// <summary>Every attempt the file records; a slot that does not read as a record is left out.</summary>
    public static List<RunningAttempt> Parse(ReadOnlySpan<byte> content)
    {
        var attempts = new List<RunningAttempt>();
        if (content.Length < HeaderSize || !TryLine(content[..HeaderSize], out var magic, out var rest) || magic != Magic
            || !TryLine(rest, out var folder, out _)) return attempts;
        var cgroups = folder == NoCgroups ? null : folder;
        for (var at = HeaderSize; at + SlotSize <= content.Length; at += SlotSize)
        {
            if (!TryLine(content.Slice(at, SlotSize), out var record, out _)) continue;
            var fields = record.Split(' ');
            if (fields.Length != 4 || !int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var group)
                || !ulong.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var started)
                || fields[2].Length != 32 || !fields[2].All(char.IsAsciiHexDigitLower) || fields[3].Length == 0) continue;
            attempts.Add(new RunningAttempt(fields[3], group, started, fields[2], cgroups is null ? null : Path.Combine(cgroups, fields[2])));
        }
        return attempts;
    }

    /// <summary>Every attempt recorded by the executors of a run (one file each); a file that cannot be read counts as empty.</summary>
    public static List<RunningAttempt> ReadAll(HomeLayout home, string runId) => ReadAll(Files(home, runId));

    /// <summary>Every attempt <paramref name="files"/> record; a file that cannot be read counts as empty.</summary>
    public static List<RunningAttempt> ReadAll(IEnumerable<string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var attempts = new List<RunningAttempt>();
        foreach (var file in files)
        {
            try
            {
                attempts.AddRange(Parse(File.ReadAllBytes(file)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Removed as it was read: its executor has ended.
            }
        }
        return attempts;
    }

    /// <summary>The run's files of running attempts.</summary>
    public static IEnumerable<string> Files(HomeLayout home, string runId)
    {
        ArgumentNullException.ThrowIfNull(home);
        var directory = home.RunningDirectory(runId);
        try
        {
            return Directory.Exists(directory) ? Directory.GetFiles(directory, "*" + Extension) : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static bool TryLine(ReadOnlySpan<byte> bytes, out string line, out ReadOnlySpan<byte> rest)
    {
        var end = bytes.IndexOf((byte)'\n');
        if (end <= 0)
        {
            line = "";
            rest = default;
            return false;
        }
        line = Encoding.UTF8.GetString(bytes[..end]);
        rest = bytes[(end + 1)..];
        return true;
    }
}
