using System.IO.Compression;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TaskMaster.Core.Checkpoints;
using TaskMaster.Core.Tests.Checkpoints;

namespace TaskMaster.Checkpoint.Tests.Support;

/// <summary>A primary and a mirror checkpoint folder in a temporary directory of their own, deleted afterwards.</summary>
internal sealed class CheckpointFolders : IDisposable
{
    public CheckpointFolders()
    {
        Root = Directory.CreateTempSubdirectory("taskmaster-checkpoint-").FullName;
        Primary = Path.Combine(Root, "checkpoints");
        Mirror = Path.Combine(Root, "checkpoints-mirror");
    }

    public string Root { get; }

    public string Primary { get; set; }

    public string? Mirror { get; set; }

    public FakeTimeProvider Time { get; } = new(CheckpointSamples.T0);

    public FileCheckpointStore Store(int retain = 20) =>
        new(new CheckpointStoreOptions { PrimaryDirectory = Primary, MirrorDirectory = Mirror, Retain = retain }, Time, NullLogger<FileCheckpointStore>.Instance);

    /// <summary>Checkpoint <paramref name="sequence"/> of one run, taken <paramref name="sequence"/> minutes after T0.</summary>
    public static CheckpointDocument Document(long sequence, string runId = "run-20261124-103000-ab12", string? queueHash = null) =>
        CheckpointSamples.Running(runId, sequence, queueHash, CheckpointSamples.T0.AddMinutes(sequence));

    /// <summary>Writes checkpoints 1..<paramref name="count"/> and returns their results.</summary>
    public static async Task<List<CheckpointWriteResult>> WriteAsync(FileCheckpointStore store, int count)
    {
        var results = new List<CheckpointWriteResult>();
        for (var sequence = 1; sequence <= count; sequence++) results.Add(await store.WriteAsync(Document(sequence)));
        return results;
    }

    /// <summary>The file name a store gives <paramref name="document"/>.</summary>
    public static string FileName(CheckpointDocument document) =>
        CheckpointFileName.For(document.Timestamp, document.RunId, document.Sequence, document.Reason);

    public static string[] TempFiles(string directory) => Directory.GetFiles(directory, ".tmp-*");

    /// <summary>The sequence of the checkpoint at <paramref name="path"/> (a latest.json: of the one it names).</summary>
    public static long SequenceIn(string path) => CheckpointFileReader.Read(path).Result.Document!.Sequence;

    /// <summary>A checkpoint written before format 2 (by commit 0e78583): sequence 3 of CheckpointSamples.Running().</summary>
    public static byte[] Format1File() => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Format1", "running.json"));

    /// <summary>
    /// Changes the run's status in place, as a bad sector or a hand edit would: the file still
    /// decompresses and is still JSON, but the checksum no longer matches.
    /// </summary>
    public static void Corrupt(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var compressed = bytes is [0x1f, 0x8b, ..];
        var text = Encoding.UTF8.GetString(compressed ? Decompress(bytes) : bytes);
        var running = compressed ? "\"status\":\"running\"" : "\"status\": \"running\"";
        var at = text.IndexOf(running, StringComparison.Ordinal);
        var edited = Encoding.UTF8.GetBytes(text[..at] + running.Replace("running", "paused", StringComparison.Ordinal) + text[(at + running.Length)..]);
        File.WriteAllBytes(path, compressed ? Compress(edited) : edited);
    }

    public static byte[] Decompress(byte[] file)
    {
        using var gzip = new GZipStream(new MemoryStream(file), CompressionMode.Decompress);
        using var json = new MemoryStream();
        gzip.CopyTo(json);
        return json.ToArray();
    }

    private static byte[] Compress(byte[] json)
    {
        using var file = new MemoryStream();
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(json);
        return file.ToArray();
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
