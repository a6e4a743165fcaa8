using System.Diagnostics.CodeAnalysis;
using TaskMaster.Core.Checkpoints;

namespace TaskMaster.Checkpoint;

/// <summary>A checkpoint file that was not used, and why.</summary>
public sealed record RefusedCheckpoint(string Path, CheckpointRefusal Refusal);

/// <summary>
/// The result of looking for a checkpoint: the one found (never a refused one) and every file that
/// was passed over on the way, so the caller can say what it fell back from.
/// </summary>
public sealed class CheckpointLoadResult
{
    private CheckpointLoadResult(CheckpointDocument? document, string? path, CheckpointLocation? location, IReadOnlyList<RefusedCheckpoint> refused)
    {
        Document = document;
        Path = path;
        Location = location;
        Refused = refused;
    }

    /// <summary>The verified checkpoint; null when none was valid.</summary>
    public CheckpointDocument? Document { get; }

    /// <summary>The file it was read from.</summary>
    public string? Path { get; }

    /// <summary>The folder it was found in; null for a named file outside both.</summary>
    public CheckpointLocation? Location { get; }

    /// <summary>Files tried before it (or all tried, when none was valid), newest first.</summary>
    public IReadOnlyList<RefusedCheckpoint> Refused { get; }

    [MemberNotNullWhen(true, nameof(Document), nameof(Path))]
    public bool Found => Document is not null;

    /// <summary>
    /// One line for people: <c>checkpoints/b.json refused (checksum mismatch: …); fell back to checkpoints/a.json</c>,
    /// or why nothing could be used.
    /// </summary>
    public string Describe()
    {
        var refused = string.Join("; ", Refused.Select(r => $"{r.Path} refused ({r.Refusal.Reason})"));
        if (Found)
        {
            var source = Location == CheckpointLocation.Mirror ? $"{Path} (mirror)" : Path;
            return Refused.Count == 0 ? $"loaded {source}" : $"{refused}; fell back to {source}";
        }

        return Refused.Count == 0 ? "no checkpoint found" : $"no valid checkpoint: {refused}";
    }

    internal static CheckpointLoadResult Loaded(CheckpointDocument document, string path, CheckpointLocation? location, IReadOnlyList<RefusedCheckpoint> refused) =>
        new(document, path, location, refused);

    internal static CheckpointLoadResult NotFound(IReadOnlyList<RefusedCheckpoint> refused) => new(null, null, null, refused);
}
