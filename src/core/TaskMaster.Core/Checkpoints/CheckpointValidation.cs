using TaskMaster.Core.Queue;

namespace TaskMaster.Core.Checkpoints;

/// <summary>What a checkpoint must match to be used for this run; null members are not checked.</summary>
/// <param name="QueueHash">The current queue file's SHA-256 (hex), as in <see cref="QueueDefinition.ContentHash"/>.</param>
/// <param name="QueuePath">The current queue file, only to name it in a refusal.</param>
/// <param name="RunId">The run being resumed, when one is named.</param>
public sealed record CheckpointExpectations(string? QueueHash = null, string? QueuePath = null, string? RunId = null)
{
    /// <summary>Expect <paramref name="queue"/>'s exact content and, when given, <paramref name="runId"/>.</summary>
    public static CheckpointExpectations For(QueueDefinition queue, string? runId = null) =>
        new(queue.ContentHash, queue.SourcePath, runId);
}

/// <summary>Checks a verified checkpoint against what the caller is about to do with it.</summary>
public static class CheckpointValidation
{
    /// <summary>Null when <paramref name="document"/> meets <paramref name="expected"/>; otherwise the refusal, naming both sides.</summary>
    public static CheckpointRefusal? Check(CheckpointDocument document, CheckpointExpectations expected)
    {
        var queue = document.Queue;
        if (expected.QueueHash is { } hash && !string.Equals(queue.Hash, hash, StringComparison.OrdinalIgnoreCase))
        {
            return new(CheckpointRefusalKind.QueueMismatch,
                $"checkpoint belongs to queue '{queue.Name}' ({queue.Path}, hash {Short(queue.Hash)}), " +
                $"not {expected.QueuePath ?? "the current queue"} (hash {Short(hash)}); the queue file changed or is another one");
        }

        if (expected.RunId is { } runId && document.RunId != runId)
            return new(CheckpointRefusalKind.RunMismatch, $"checkpoint belongs to run {document.RunId}, not {runId}");

        return null;
    }

    /// <summary><see cref="CheckpointCodec.Decode"/>, then <see cref="Check"/>.</summary>
    public static CheckpointReadResult Decode(ReadOnlySpan<byte> bytes, CheckpointExpectations expected)
    {
        var result = CheckpointCodec.Decode(bytes);
        return result.IsValid && Check(result.Document, expected) is { } refusal ? CheckpointReadResult.Refused(refusal) : result;
    }

    // Twelve hex digits tell two queue versions apart for a person; the full hash is in the file.
    private static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash;
}
