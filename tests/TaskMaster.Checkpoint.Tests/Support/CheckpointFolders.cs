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

    public static string[] TempFiles(string directory) => Directory.GetFiles(directory, ".tmp-*");

    public static long SequenceIn(string path) => CheckpointCodec.Decode(File.ReadAllBytes(path)).Document!.Sequence;

    /// <summary>Changes the run's status in place, as a bad sector or a hand edit would: still JSON, wrong checksum.</summary>
    public static void Corrupt(string path)
    {
        const string Running = "\"status\": \"running\"";
        var text = File.ReadAllText(path);
        var at = text.IndexOf(Running, StringComparison.Ordinal);
        File.WriteAllText(path, text[..at] + "\"status\": \"paused\"" + text[(at + Running.Length)..]);
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
