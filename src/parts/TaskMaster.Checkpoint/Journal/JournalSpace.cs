using Microsoft.Win32.SafeHandles;

namespace TaskMaster.Checkpoint.Journal;

/// <summary>
/// A journal being written is longer than its records: the writer reserves space ahead of them (see
/// <see cref="JournalAppendFile"/>), which reads as zeros until it is written. Every record ends with a
/// newline, so the zeros after the last byte that is not zero are that space, never a record or part of
/// one: readers take the journal to end there (a record torn by a crash still ends before them, and
/// zeros between records are still damage).
/// </summary>
internal static class JournalSpace
{
    private const int Block = 64 * 1024;

    /// <summary>The bytes before the reserved space.</summary>
    public static int UsedLength(ReadOnlySpan<byte> bytes) => bytes.LastIndexOfAnyExcept((byte)0) + 1;

    /// <summary>The file's length without its reserved space, read from its end.</summary>
    public static long UsedLength(SafeFileHandle file)
    {
        var length = RandomAccess.GetLength(file);
        var buffer = new byte[(int)Math.Min(Block, Math.Max(length, 1))];
        for (var end = length; end > 0;)
        {
            var start = Math.Max(0, end - buffer.Length);
            var read = RandomAccess.Read(file, buffer.AsSpan(0, (int)(end - start)), start);
            var used = UsedLength(buffer.AsSpan(0, read));
            if (used > 0) return start + used;
            end = start;
        }
        return 0;
    }

    /// <summary>The length of the file at <paramref name="path"/> without its reserved space.</summary>
    public static long UsedLength(string path)
    {
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return UsedLength(file);
    }
}
