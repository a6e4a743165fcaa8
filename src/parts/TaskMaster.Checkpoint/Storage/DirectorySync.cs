using System.Runtime.InteropServices;

namespace TaskMaster.Checkpoint.Storage;

/// <summary>
/// fsync(2) of a directory: after a rename, the file's data is on disk but the directory entry that
/// names it may not be until the directory itself is synced. Without this a power cut can bring
/// back the old name (or none) even though the rename "succeeded".
/// </summary>
internal static partial class DirectorySync
{
    private const int EINVAL = 22;

    // O_DIRECTORY | O_CLOEXEC differ by platform (and by CPU on Linux). O_CLOEXEC keeps the
    // descriptor out of task processes forked while it is open.
    private static readonly int OpenFlags =
        OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD() ? 0x100000 | 0x1000000
        : RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x4000 | 0x80000
        : 0x10000 | 0x80000;

    /// <summary>Makes the entries of <paramref name="directory"/> (renames, creations, deletions) durable.</summary>
    /// <exception cref="IOException">The directory could not be opened or synced.</exception>
    public static void Flush(string directory)
    {
        // Windows has no directory descriptors to sync; its rename is journaled by NTFS.
        if (OperatingSystem.IsWindows()) return;

        var fd = Open(directory, OpenFlags);
        if (fd < 0) throw LastError("open", directory);
        try
        {
            // EINVAL: the file system does not sync directories (it has nothing to flush).
            if (Fsync(fd) != 0 && Marshal.GetLastPInvokeError() is var errno && errno != EINVAL)
                throw new IOException($"fsync of directory '{directory}' failed: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
        }
        finally
        {
            _ = Close(fd);
        }
    }

    private static IOException LastError(string call, string directory)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new IOException($"{call} of directory '{directory}' failed: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
