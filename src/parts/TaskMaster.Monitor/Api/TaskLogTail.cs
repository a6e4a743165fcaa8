using System.Text;

namespace TaskMaster.Monitor.Api;

/// <summary>The last lines of a task's log, read from its end so that a long log costs no more than a short one.</summary>
internal static class TaskLogTail
{
    public const int Lines = 50;

    // Enough for 50 long lines; a longer tail is cut at a line start.
    private const int MaxBytes = 64 * 1024;

    /// <summary>The log's last <paramref name="lines"/> lines joined with <c>\n</c>; empty when there is no log yet.</summary>
    public static string Read(string path, int lines = Lines)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var start = Math.Max(0, stream.Length - MaxBytes);
            stream.Position = start;
            var buffer = new byte[stream.Length - start];
            stream.ReadExactly(buffer);
            var text = Encoding.UTF8.GetString(buffer);
            var all = text.Split('\n');
            // From the middle of the file, the first piece is the end of a line whose start was not read.
            var skip = start > 0 ? 1 : 0;
            var count = all.Length - skip - (all[^1].Length == 0 ? 1 : 0);
            return string.Join('\n', all.Skip(skip).Take(count).TakeLast(lines).Select(l => l.TrimEnd('\r')));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return "";
        }
    }
}
