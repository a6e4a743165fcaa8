using TaskMaster.Core.Events;

namespace TaskMaster.Checkpoint.Journal;

/// <summary>
/// What a journal's end says of how its run ended, read backwards from the end of the file: the
/// cost of a few lines, not of the run. It answers only when the tail is whole and unambiguous
/// (every line it reads verifies and continues the one before, the file ends with a newline, the
/// mirror is not longer); otherwise it says it cannot tell, and the caller reads the journal whole,
/// so a torn or damaged tail is judged by <see cref="JournalReader"/> as every reader judges it.
/// </summary>
public static class JournalTail
{
    // A run's boundary is followed by at most its final checkpoint's event; this reads far beyond that.
    private const int Window = 64 * 1024;

    /// <summary>
    /// True when the last run boundary (a start, completion or interruption) in the journal's tail is
    /// its completion, false when it is a start or an interruption (see <see cref="RunOutcome.Completed"/>),
    /// null when the tail cannot say so cheaply and for sure: no boundary in the last 64 KiB, a line
    /// that does not verify, a break in the sequence, an unfinished last line, or a longer mirror.
    /// </summary>
    public static bool? Completed(JournalFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        try
        {
            using var stream = new FileStream(files.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
            var length = stream.Length;
            if (length == 0 || MirrorIsLonger(files, length)) return null;
            var buffer = new byte[Math.Min(length, Window)];
            stream.Seek(length - buffer.Length, SeekOrigin.Begin);
            var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            return read == buffer.Length ? Judge(buffer, wholeFile: buffer.Length == length) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool? Judge(ReadOnlySpan<byte> tail, bool wholeFile)
    {
        // A last line without its newline is being written, or was torn by a crash: the whole read decides.
        if (tail.Length == 0 || tail[^1] != (byte)'\n') return null;
        var end = tail.Length - 1;
        long? next = null;
        while (end > 0)
        {
            var start = tail[..end].LastIndexOf((byte)'\n') + 1;
            // The window's first line may be cut: only a line known to start at a newline (or the file's start) is read.
            if (start == 0 && !wholeFile) return null;
            if (!JournalLine.TryRead(tail[start..end], out var e, out _)) return null;
            if (next is { } n && e!.Sequence != n - 1) return null;
            if (e is RunStarted or RunInterrupted) return false;
            if (e is RunCompleted) return true;
            next = e!.Sequence;
            end = start - 1;
        }
        return null;
    }

    private static bool MirrorIsLonger(JournalFiles files, long length) =>
        files.MirrorPath is { } mirror && new FileInfo(mirror) is { Exists: true } info && info.Length > length;
}
