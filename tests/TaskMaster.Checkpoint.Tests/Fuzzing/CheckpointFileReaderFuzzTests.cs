using System.IO.Compression;
using TaskMaster.Checkpoint.Tests.Support;
using TaskMaster.Core.Checkpoints;
using TaskMaster.Core.Tests.Checkpoints;
using TaskMaster.Core.Tests.Fuzzing;
using static TaskMaster.Core.Tests.Fuzzing.FuzzLoop;

namespace TaskMaster.Checkpoint.Tests.Fuzzing;

/// <summary>
/// The checkpoint loader over mutated files for a fixed budget (<see cref="FuzzLoop"/>): files the real
/// <see cref="FileCheckpointStore"/> wrote (format 2 and its <c>latest.json</c> pointer) and a format 1 file,
/// each mutated and read from disk as <c>latest.json</c> beside the checkpoints a pointer may name, and
/// again compressed: a verified document or a refusal saying why, never an exception.
/// </summary>
public sealed class CheckpointFileReaderFuzzTests : IDisposable
{
    /// <summary>A refusal names what is wrong, quoting little of the file.</summary>
    private const int MaxReasonLength = 4096;

    private readonly CheckpointFolders _folders = new() { Mirror = null };

    [Theory, MemberData(nameof(Seeds), MemberType = typeof(FuzzLoop))]
    public async Task Read_MutatedCheckpointFilesAndPointers_GiveADocumentOrARefusalWithAReason(int seed)
    {
        var corpus = await CorpusAsync();

        var report = Run("checkpoint-file-reader", seed, corpus, Check, FileTargetInputs);

        AssertSearched(report, corpus.Count, "valid and refused checkpoints");
    }

    private Verdict Check(byte[] input)
    {
        var verdict = Judge(input, Path.Combine(_folders.Primary, "latest.json"));
        return input is [0x1f, 0x8b, ..] ? verdict : Judge(Compressed(input), Path.Combine(_folders.Primary, "fuzzed.json.gz"));
    }

    private static Verdict Judge(byte[] file, string path)
    {
        File.WriteAllBytes(path, file);
        var (result, from) = CheckpointFileReader.Read(path);
        Assert.StartsWith(Path.GetDirectoryName(path)!, from, StringComparison.Ordinal);
        if (result.IsValid) return Verdict.Accepted;
        Assert.False(string.IsNullOrWhiteSpace(result.Refusal.Reason));
        if (result.Refusal.Reason.Length > MaxReasonLength)
            Assert.Fail($"a refusal of {result.Refusal.Reason.Length:N0} characters: {result.Refusal.Reason[..200]}…");
        return Verdict.Refused;
    }

    /// <summary>Files as the store writes them: two checkpoints (the newest's pointer beside them), and a format 1 file.</summary>
    private async Task<List<byte[]>> CorpusAsync()
    {
        using var store = _folders.Store();
        var running = await store.WriteAsync(CheckpointFolders.Document(3));
        var everyField = await store.WriteAsync(CheckpointSamples.EveryField());
        var written = new[] { running.Primary.Path, everyField.Primary.Path, Path.Combine(_folders.Primary, "latest.json") };
        return [.. written.Select(File.ReadAllBytes), CheckpointFolders.Format1File()];
    }

    private static byte[] Compressed(byte[] json)
    {
        using var file = new MemoryStream();
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(json);
        return file.ToArray();
    }

    public void Dispose() => _folders.Dispose();
}
