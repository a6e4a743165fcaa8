using TaskMaster.Checkpoint.Journal;
using TaskMaster.Core.Events;
using TaskMaster.Core.Tests.Events;

namespace TaskMaster.Checkpoint.Tests.Journal;

/// <summary>A journal file in a temporary folder of its own, and the ways tests damage one.</summary>
internal sealed class JournalFile : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("taskmaster-journal-").FullName;

    public string Path => System.IO.Path.Combine(_directory, "journal.jsonl");

    /// <summary>Distinct events 1..<paramref name="count"/>: progress of one task.</summary>
    public static RunEvent[] Progress(int count) =>
        Enumerable.Range(1, count).Select(i => (RunEvent)new TaskProgressed(SampleEvents.T.AddSeconds(i), "a", 1, i, $"step {i}")).ToArray();

    /// <summary>Writes a new journal holding <paramref name="events"/>, flushed.</summary>
    public async Task WriteAsync(params RunEvent[] events)
    {
        await using var journal = FileEventJournal.Create(Path);
        foreach (var e in events) journal.Append(e);
        await journal.FlushAsync();
    }

    /// <summary>The files set aside beside the journal.</summary>
    public string[] CutFiles() => Directory.GetFiles(_directory, "journal.jsonl.cut-*");

    public byte[] Bytes() => File.ReadAllBytes(Path);

    /// <summary>The file's lines, each with its newline (the last one may have none).</summary>
    public List<byte[]> Lines()
    {
        var lines = new List<byte[]>();
        var bytes = Bytes();
        for (int start = 0, end; start < bytes.Length; start = end)
        {
            var newline = Array.IndexOf(bytes, (byte)'\n', start);
            end = newline < 0 ? bytes.Length : newline + 1;
            lines.Add(bytes[start..end]);
        }
        return lines;
    }

    public void Rewrite(IEnumerable<byte[]> lines) => File.WriteAllBytes(Path, lines.SelectMany(l => l).ToArray());

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
