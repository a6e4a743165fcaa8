using TaskMaster.Core.Storage;

namespace TaskMaster.Checkpoint.Journal;

/// <summary>Opens a journal's mirror for writing, the same bytes as the journal.</summary>
internal static class MirrorWriter
{
    /// <summary>
    /// Opens the mirror and makes it hold exactly the journal's <paramref name="content"/>: what it
    /// already has in common is kept, the rest rewritten. <paramref name="existing"/> is the mirror as
    /// read, or null when it was not (its length then tells whether it is behind); a copy of it is set
    /// aside first when <paramref name="cutAt"/> says acknowledged events are being cut.
    /// </summary>
    /// <exception cref="IOException">It could not be created or brought in line.</exception>
    public static JournalAppendFile Attach(string path, ReadOnlySpan<byte> content, byte[]? existing, long? cutAt, Action<Microsoft.Win32.SafeHandles.SafeFileHandle, string>? sync = null)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        PrivateFiles.CreateDirectory(directory);
        var created = !File.Exists(path);
        if (cutAt is { } sequence && !created) Storage.FileCut.KeepCopy(path, $"{path}.cut-{sequence}");
        var stream = PrivateFiles.Open(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 1);
        try
        {
            // Same length and not read: the mirror was written with the journal's bytes, and a damaged
            // copy would be caught by its checksum the day it is needed; comparing 100 MB on every resume is not worth it.
            var used = JournalSpace.UsedLength(stream.SafeFileHandle);
            existing ??= used == content.Length ? null : ReadAll(stream, used);
            var same = existing is null ? content.Length : existing.AsSpan(0, JournalSpace.UsedLength(existing)).CommonPrefixLength(content);
            stream.SetLength(same);
            stream.Seek(same, SeekOrigin.Begin);
            stream.Write(content[same..]);
            stream.Flush(flushToDisk: true);
            if (created) Storage.DirectorySync.Flush(directory);
            return new JournalAppendFile(path, stream, content.Length, sync);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private static byte[] ReadAll(FileStream stream, long length)
    {
        var bytes = new byte[length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
