using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace TaskMaster.Checkpoint.Storage;

/// <summary>
/// What an append-only file needs from Linux to make each fsync cheap: space reserved ahead of the
/// writes (<c>fallocate</c>), so that a write does not grow the file and its sync need not commit the
/// file system's journal for the new size and blocks; <c>fdatasync</c>, which skips the timestamps;
/// and <c>sync_file_range</c>, which starts a file's write-back without waiting, so that a second
/// file's data goes out while the first one's sync waits. Elsewhere: no reservation, a full fsync.
/// </summary>
internal static partial class DataSync
{
    private const int SyncFileRangeWrite = 2;

    private static readonly bool IsLinux = OperatingSystem.IsLinux();

    /// <summary>Reserves the bytes from <paramref name="offset"/> for <paramref name="length"/> (the file grows, the new bytes read as zeros); false when the file system or the free space refuses.</summary>
    public static bool TryReserve(SafeFileHandle file, long offset, long length) => IsLinux && Fallocate(file, 0, offset, length) == 0;

    /// <summary>Starts writing the range to the disk without waiting for it (nothing when the system cannot).</summary>
    public static void StartWriteBack(SafeFileHandle file, long offset, long length)
    {
        if (IsLinux && length > 0) _ = SyncFileRange(file, offset, length, SyncFileRangeWrite);
    }

    /// <summary>Makes the file's data (and the size and blocks needed to read it back) durable.</summary>
    /// <exception cref="IOException">The disk refused.</exception>
    public static void Sync(SafeFileHandle file, string path)
    {
        if (!IsLinux)
        {
            RandomAccess.FlushToDisk(file);
            return;
        }
        if (Fdatasync(file) != 0 && Marshal.GetLastPInvokeError() is var errno)
            throw new IOException($"fdatasync of '{path}' failed: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
    }

    [LibraryImport("libc", EntryPoint = "fallocate", SetLastError = true)]
    private static partial int Fallocate(SafeFileHandle fd, int mode, long offset, long length);

    [LibraryImport("libc", EntryPoint = "sync_file_range", SetLastError = true)]
    private static partial int SyncFileRange(SafeFileHandle fd, long offset, long length, uint flags);

    [LibraryImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    private static partial int Fdatasync(SafeFileHandle fd);
}
