using TaskMaster.Core.Storage;

namespace TaskMaster.Checkpoint.Storage;

/// <summary>
/// Replaces a file so that a crash at any moment leaves either the old content or the new, never a
/// mix: write a temporary file in the same directory, fsync it, rename it over the target, fsync
/// the directory. A failure removes the temporary file and leaves the target as it was.
/// </summary>
public static class AtomicFile
{
    /// <summary>Every temporary file starts with this; one left behind means a crash between write and rename.</summary>
    public const string TempPrefix = ".tmp-";

    // Unbuffered: the content arrives in large writes, and a full disk fails in the write call
    // itself rather than in a later implicit flush. Owner-only, as everything in the home.
    private static readonly FileStreamOptions NewUnbuffered = PrivateFiles.Options(FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);

    public static Task WriteAsync(string directory, string fileName, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        WriteAsync(directory, fileName, (stream, token) => stream.WriteAsync(content, token).AsTask(), cancellationToken);

    /// <summary>
    /// The same, but the rename is durable only once the caller has synced the directory
    /// (<see cref="DirectorySync.Flush"/>): one sync can then cover several files written side by side.
    /// </summary>
    public static Task WriteUnsyncedRenameAsync(string directory, string fileName, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        WriteAsync(directory, fileName, (stream, token) => stream.WriteAsync(content, token).AsTask(), syncDirectory: false, cancellationToken);

    /// <summary>Creates or replaces <paramref name="fileName"/> in <paramref name="directory"/> with what <paramref name="write"/> writes.</summary>
    public static Task WriteAsync(string directory, string fileName, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken) =>
        WriteAsync(directory, fileName, write, syncDirectory: true, cancellationToken);

    private static async Task WriteAsync(
        string directory, string fileName, Func<Stream, CancellationToken, Task> write, bool syncDirectory, CancellationToken cancellationToken)
    {
        var temp = TempPath(directory, fileName);
        try
        {
            await using (var stream = new FileStream(temp, NewUnbuffered))
            {
                await write(stream, cancellationToken);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, Path.Combine(directory, fileName), overwrite: true);
        }
        catch
        {
            // Best effort: what is left is found by CleanStrayTempFiles; the caller hears the original failure.
            FileRemoval.TryDelete(temp);
            throw;
        }
        if (syncDirectory) DirectorySync.Flush(directory);
    }

    /// <summary>The same, synchronously, for content already in memory.</summary>
    public static void Write(string directory, string fileName, ReadOnlySpan<byte> content)
    {
        var temp = TempPath(directory, fileName);
        try
        {
            using (var stream = new FileStream(temp, NewUnbuffered))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, Path.Combine(directory, fileName), overwrite: true);
        }
        catch
        {
            FileRemoval.TryDelete(temp);
            throw;
        }
        DirectorySync.Flush(directory);
    }

    private static string TempPath(string directory, string fileName) =>
        Path.Combine(directory, $"{TempPrefix}{fileName}-{Random.Shared.Next():x8}");
}
