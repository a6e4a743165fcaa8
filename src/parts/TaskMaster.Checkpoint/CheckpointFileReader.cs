using TaskMaster.Core.Checkpoints;

namespace TaskMaster.Checkpoint;

/// <summary>Reads and verifies one checkpoint file, of any format; a <c>latest.json</c> pointer is followed to the file it names.</summary>
internal static class CheckpointFileReader
{
    /// <summary>The verified document, or why not; and the file it came from (for a pointer, the file it names).</summary>
    public static (CheckpointReadResult Result, string Path) Read(string path)
    {
        var (bytes, error) = ReadBytes(path);
        if (bytes is null) return (Refused(CheckpointRefusalKind.Unreadable, $"unreadable: {error}"), path);
        if (!LatestPointer.TryRead(bytes, out var pointer, out var problem)) return (CheckpointCodec.Decode(bytes), path);
        if (pointer is null) return (Refused(CheckpointRefusalKind.SchemaViolation, problem!), path);

        var name = Path.GetFileName(path);
        var target = Path.Combine(Path.GetDirectoryName(path) ?? ".", pointer.Latest);
        (bytes, error) = ReadBytes(target);
        if (bytes is null)
            return (Refused(CheckpointRefusalKind.Unreadable, $"{name} names {pointer.Latest}, which cannot be read ({error}): deleted, archived or pruned since"), path);
        var result = CheckpointCodec.Decode(bytes);
        if (!result.IsValid)
            return (CheckpointReadResult.Refused(result.Refusal with { Reason = $"{name} names {pointer.Latest}, which is refused: {result.Refusal.Reason}" }), path);
        if (result.Document.Checksum != pointer.Checksum)
        {
            return (Refused(CheckpointRefusalKind.ChecksumMismatch,
                $"{name} names {pointer.Latest} with checksum {pointer.Checksum}, but that file holds {result.Document.Checksum}: it was replaced since"), path);
        }
        return (result, target);
    }

    private static (byte[]? Bytes, string? Error) ReadBytes(string path)
    {
        try
        {
            return (File.ReadAllBytes(path), null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, ex.Message);
        }
    }

    private static CheckpointReadResult Refused(CheckpointRefusalKind kind, string reason) => CheckpointReadResult.Refused(kind, reason);
}
