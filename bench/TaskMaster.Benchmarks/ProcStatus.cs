using System.Globalization;

namespace TaskMaster.Benchmarks;

/// <summary>A memory line of a process's <c>/proc/&lt;pid&gt;/status</c> (<c>VmRSS</c>, <c>VmHWM</c>), in bytes.</summary>
internal static class ProcStatus
{
    /// <summary>The value of <paramref name="field"/> (e.g. <c>VmRSS</c>), or null once the process is gone (a zombie has no memory lines).</summary>
    public static long? Bytes(int pid, string field)
    {
        var prefix = field + ":";
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (!line.StartsWith(prefix, StringComparison.Ordinal)) continue;
                return long.Parse(line[prefix.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
            return null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
