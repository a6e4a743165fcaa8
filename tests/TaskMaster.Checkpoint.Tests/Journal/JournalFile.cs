using System.IO.Hashing;
using System.Text;
using TaskMaster.Checkpoint.Journal;
using TaskMaster.Core.Events;
using TaskMaster.Core.Policies;
using TaskMaster.Core.Tests.Events;

namespace TaskMaster.Checkpoint.Tests.Journal;

/// <summary>A journal file (and its mirror) in a temporary folder of its own, and the ways tests damage one.</summary>
internal sealed class JournalFile : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("taskmaster-journal-").FullName;

    public string Path => System.IO.Path.Combine(_directory, "journal.jsonl");

    public string MirrorPath => System.IO.Path.Combine(_directory, "mirror", "journal.jsonl");

    /// <summary>The journal and its mirror, as a run writes them.</summary>
    public JournalFiles Files => new(Path, MirrorPath);

    /// <summary>Distinct events 1..<paramref name="count"/>: progress of one task.</summary>
    public static RunEvent[] Progress(int count) =>
        Enumerable.Range(1, count).Select(i => (RunEvent)new TaskProgressed(SampleEvents.T.AddSeconds(i), "a", 1, i, $"step {i}")).ToArray();

    /// <summary>An event of about 1 KB: a few of them need more space than a page a journal already holds.</summary>
    public static TaskFailed LargeFailure(int i) => new(
        SampleEvents.T.AddSeconds(i), "fetch", i + 1, TaskFailureClass.Transient, TaskFailureKind.ExitCode, 75, null,
        TimeSpan.FromSeconds(1), "exit code 75", [new string('x', 400), new string('y', 400)], WillRetry: true);

    /// <summary>Writes a new journal holding <paramref name="events"/>, flushed.</summary>
    public Task WriteAsync(params RunEvent[] events) => WriteAsync(Files with { MirrorPath = null }, events);

    /// <summary>Writes a new journal and its mirror holding <paramref name="events"/>, flushed.</summary>
    public Task WriteMirroredAsync(params RunEvent[] events) => WriteAsync(Files, events);

    private static async Task WriteAsync(JournalFiles files, RunEvent[] events)
    {
        await using var journal = FileEventJournal.Create(files);
        foreach (var e in events) journal.Append(e);
        await journal.FlushAsync();
    }

    /// <summary>The files set aside beside the journal.</summary>
    public string[] CutFiles() => Directory.GetFiles(_directory, "journal.jsonl.cut-*");

    /// <summary>The files set aside beside the journal or its mirror, by file name.</summary>
    public string[] SetAside() =>
        Directory.GetFiles(_directory, "*", SearchOption.AllDirectories).Select(p => System.IO.Path.GetRelativePath(_directory, p))
            .Where(p => System.IO.Path.GetFileName(p).StartsWith("journal.jsonl.", StringComparison.Ordinal)).Order().ToArray();

    public byte[] Bytes() => File.ReadAllBytes(Path);

    public byte[] MirrorBytes() => File.ReadAllBytes(MirrorPath);

    /// <summary>The file's lines, each with its newline (the last one may have none).</summary>
    public List<byte[]> Lines() => LinesOf(Bytes());

    public List<byte[]> MirrorLines() => LinesOf(MirrorBytes());

    /// <summary>A journal file's lines, each with its newline (the last one may have none).</summary>
    public static List<byte[]> LinesOf(byte[] bytes)
    {
        var lines = new List<byte[]>();
        for (int start = 0, end; start < bytes.Length; start = end)
        {
            var newline = Array.IndexOf(bytes, (byte)'\n', start);
            end = newline < 0 ? bytes.Length : newline + 1;
            lines.Add(bytes[start..end]);
        }
        return lines;
    }

    /// <summary>A whole line with a good checksum around <paramref name="json"/>, whatever that JSON says.</summary>
    public static byte[] ChecksummedLine(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        return Encoding.UTF8.GetBytes($"{Crc32.HashToUInt32(bytes):x8} {json}\n");
    }

    public void Rewrite(IEnumerable<byte[]> lines) => File.WriteAllBytes(Path, lines.SelectMany(l => l).ToArray());

    public void RewriteMirror(IEnumerable<byte[]> lines) => File.WriteAllBytes(MirrorPath, lines.SelectMany(l => l).ToArray());

    /// <summary>The file with one bit of byte <paramref name="offset"/> of line <paramref name="line"/> (from 0) flipped.</summary>
    public static List<byte[]> Flipped(List<byte[]> lines, int line, int offset, byte bit = 0x01)
    {
        var copy = lines.Select(l => l.ToArray()).ToList();
        copy[line][offset] ^= bit;
        return copy;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
