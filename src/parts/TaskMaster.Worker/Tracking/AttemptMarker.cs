using System.Globalization;

namespace TaskMaster.Worker.Tracking;

/// <summary>
/// What the next executor needs of a running attempt to kill exactly what it left running: its
/// shell's process group and start time, its token, its cgroup. Read from the run's files of running
/// attempts (<see cref="AttemptSlots"/>), or from a marker file of an earlier version
/// (<c>running/&lt;task&gt;.pgid</c>: <c>GROUP START TOKEN CGROUP</c>, or <c>GROUP START</c> only).
/// </summary>
internal sealed record AttemptMarker(int Group, ulong GroupStarted, string? Token, string? CgroupPath)
{
    /// <summary>Reads a marker file of an earlier version.</summary>
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
