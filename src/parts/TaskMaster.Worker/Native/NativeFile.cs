using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;
using TaskMaster.Core.Storage;

namespace TaskMaster.Worker.Native;

/// <summary>
/// Opens the files an attempt writes (its log, the run's file of running attempts) with one
/// <c>open</c>: a <see cref="FileStream"/> or <see cref="File.OpenHandle"/> adds an <c>fstat</c>, an
/// <c>fstatfs</c> and an advisory <c>flock</c> taken and released (how the runtime emulates
/// <see cref="FileShare"/>), which nobody here needs: readers of a task log share it by design.
/// </summary>
internal static unsafe class NativeFile
{
    /// <summary>Opens the file for reading and writing (pwrite, through <see cref="RandomAccess"/>), creating it 0600 if it is missing.</summary>
    /// <param name="truncate">Empty it first.</param>
    /// <exception cref="IOException">It could not be opened; the message names it and says why.</exception>
    public static SafeFileHandle OpenOrCreate(string path, bool truncate = false)
    {
        Span<byte> name = stackalloc byte[Encoding.UTF8.GetMaxByteCount(path.Length) + 1];
        name[Encoding.UTF8.GetBytes(path, name)] = 0;
        var flags = LibC.O_RDWR | LibC.O_CREAT | LibC.O_CLOEXEC | (truncate ? LibC.O_TRUNC : 0);
        int fd;
        fixed (byte* p = name) fd = LibC.Open(p, flags, (uint)PrivateFiles.FileMode);
        if (fd < 0) throw new IOException($"could not open {path}: {new Win32Exception(Marshal.GetLastPInvokeError()).Message}");
        return new SafeFileHandle(fd, ownsHandle: true);
    }
}
