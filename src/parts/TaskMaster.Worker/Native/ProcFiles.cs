using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;

namespace TaskMaster.Worker.Native;

/// <summary>One process as <c>/proc/PID/stat</c> describes it.</summary>
/// <param name="State">R, S, D, Z (a zombie: ended, not yet reaped), T, …</param>
/// <param name="StartTime">Clock ticks since boot: with the pid, names the process across pid reuse.</param>
internal readonly record struct ProcStat(int Pid, char State, int ParentId, int Group, int Session, ulong StartTime)
{
    public bool Ended => State is 'Z' or 'X';
}

/// <summary>
/// Reads <c>/proc</c> (and writes cgroup files) with plain open/read/write/close: these run at the
/// start and end of every attempt, so they cost what the kernel asks and no more (no flock, no
/// fstat, no buffers of a FileStream). Every read tolerates the process having gone: it answers
/// null or nothing.
/// </summary>
internal static unsafe class ProcFiles
{
    public static ProcStat? Stat(int pid)
    {
        Span<byte> buffer = stackalloc byte[1024];
        var length = Read($"/proc/{pid}/stat", buffer);
        if (length <= 0) return null;
        // The command name is in parentheses and may hold spaces and parentheses: fields follow the last ')'.
        var close = buffer[..length].LastIndexOf((byte)')');
        if (close < 0 || close + 2 >= length) return null;
        ReadOnlySpan<byte> rest = buffer[(close + 2)..length];
        // After the name: [0] state [1] ppid [2] pgrp [3] session … [19] starttime.
        Span<long> numbers = stackalloc long[20];
        var state = (char)rest[0];
        for (var field = 0; field < 20; field++)
        {
            var end = rest.IndexOf((byte)' ');
            var text = end < 0 ? rest : rest[..end];
            numbers[field] = field == 0 || !long.TryParse(text, out var value) ? 0 : value;
            if (end < 0) return field == 19 ? Build(pid, state, numbers) : null;
            rest = rest[(end + 1)..];
        }
        return Build(pid, state, numbers);
    }

    private static ProcStat Build(int pid, char state, ReadOnlySpan<long> numbers) =>
        new(pid, state, (int)numbers[1], (int)numbers[2], (int)numbers[3], (ulong)numbers[19]);

    /// <summary>The children of every thread of <paramref name="pid"/> (each thread has its own list).</summary>
    public static List<int> Children(int pid)
    {
        var children = new List<int>();
        string[] threads;
        try
        {
            threads = Directory.GetDirectories($"/proc/{pid}/task");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return children;
        }
        foreach (var thread in threads) AddChildren($"{thread}/children", children);
        return children;
    }

    /// <summary>The children of one thread only: of the executor's main thread, which adopts orphans.</summary>
    public static List<int> ThreadChildren(int pid, int thread)
    {
        var children = new List<int>();
        AddChildren($"/proc/{pid}/task/{thread}/children", children);
        return children;
    }

    /// <summary>The value of <paramref name="name"/> in the environment the process started with; null when it has none.</summary>
    public static string? EnvironmentValue(int pid, string name) => EnvironmentValue(pid, name, out _);

    /// <param name="empty">
    /// True when the environment read as nothing: a process in the middle of an exec (its new image
    /// has no environment yet), a kernel thread, or one started with none.
    /// </param>
    public static string? EnvironmentValue(int pid, string name, out bool empty)
    {
        empty = false;
        var path = $"/proc/{pid}/environ";
        Span<byte> prefix = stackalloc byte[Encoding.UTF8.GetByteCount(name) + 1];
        prefix[Encoding.UTF8.GetBytes(name, prefix)] = (byte)'=';
        // An environment may be as large as the argument limit (megabytes): grow until it fits.
        for (var size = 64 * 1024; size <= 8 * 1024 * 1024; size *= 4)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(size);
            try
            {
                var length = Read(path, buffer);
                if (length < 0) return null;
                if (length == buffer.Length) continue;
                empty = length == 0;
                ReadOnlySpan<byte> rest = buffer.AsSpan(0, length);
                while (!rest.IsEmpty)
                {
                    var end = rest.IndexOf((byte)0);
                    var variable = end < 0 ? rest : rest[..end];
                    if (variable.StartsWith(prefix)) return Encoding.UTF8.GetString(variable[prefix.Length..]);
                    rest = end < 0 ? [] : rest[(end + 1)..];
                }
                return null;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        return null;
    }

    /// <summary>Every pid in <c>/proc</c> now.</summary>
    public static IEnumerable<int> AllPids()
    {
        IEnumerable<string> entries;
        try
        {
            entries = Directory.EnumerateDirectories("/proc");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            yield break;
        }
        foreach (var entry in entries)
            if (int.TryParse(Path.GetFileName(entry.AsSpan()), out var pid)) yield return pid;
    }

    /// <summary>Reads a whole small file into <paramref name="buffer"/>; the length read, or -1.</summary>
    public static int Read(string path, Span<byte> buffer)
    {
        Span<byte> name = stackalloc byte[Encoding.UTF8.GetMaxByteCount(path.Length) + 1];
        name[Encoding.UTF8.GetBytes(path, name)] = 0;
        int fd;
        fixed (byte* p = name) fd = LibC.Open(p, LibC.O_RDONLY | LibC.O_CLOEXEC);
        if (fd < 0) return -1;
        try
        {
            var total = 0;
            fixed (byte* b = buffer)
            {
                while (total < buffer.Length)
                {
                    var read = LibC.Read(fd, b + total, buffer.Length - total);
                    if (read < 0) return -1;
                    if (read == 0) break;
                    total += (int)read;
                }
            }
            return total;
        }
        finally
        {
            LibC.Close(fd);
        }
    }

    /// <summary>Writes <paramref name="content"/> to an existing file in one write; 0, or the error number.</summary>
    public static int Write(string path, ReadOnlySpan<byte> content)
    {
        Span<byte> name = stackalloc byte[Encoding.UTF8.GetMaxByteCount(path.Length) + 1];
        name[Encoding.UTF8.GetBytes(path, name)] = 0;
        int fd;
        fixed (byte* p = name) fd = LibC.Open(p, LibC.O_WRONLY | LibC.O_CLOEXEC);
        if (fd < 0) return Marshal.GetLastPInvokeError();
        try
        {
            nint written;
            fixed (byte* c = content) written = LibC.Write(fd, c, content.Length);
            return written == content.Length ? 0 : written < 0 ? Marshal.GetLastPInvokeError() : LibC.EIO;
        }
        finally
        {
            LibC.Close(fd);
        }
    }

    private static void AddChildren(string path, List<int> children)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            var length = Read(path, buffer);
            ReadOnlySpan<byte> rest = buffer.AsSpan(0, Math.Max(length, 0));
            while (!rest.IsEmpty)
            {
                var end = rest.IndexOf((byte)' ');
                if (int.TryParse(end < 0 ? rest : rest[..end], out var child)) children.Add(child);
                rest = end < 0 ? [] : rest[(end + 1)..];
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }}
