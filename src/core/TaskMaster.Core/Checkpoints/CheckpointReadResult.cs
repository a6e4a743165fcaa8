using System.Diagnostics.CodeAnalysis;

namespace TaskMaster.Core.Checkpoints;

/// <summary>What decoding a checkpoint gave: the document, or the reason it was refused; never both.</summary>
public sealed class CheckpointReadResult
{
    private CheckpointReadResult(CheckpointDocument? document, CheckpointRefusal? refusal)
    {
        Document = document;
        Refusal = refusal;
    }

    /// <summary>The verified document; null when refused.</summary>
    public CheckpointDocument? Document { get; }

    /// <summary>Why the checkpoint was refused; null when it is valid.</summary>
    public CheckpointRefusal? Refusal { get; }

    [MemberNotNullWhen(true, nameof(Document))]
    [MemberNotNullWhen(false, nameof(Refusal))]
    public bool IsValid => Document is not null;

    public static CheckpointReadResult Valid(CheckpointDocument document) => new(document, null);

    public static CheckpointReadResult Refused(CheckpointRefusal refusal) => new(null, refusal);

    public static CheckpointReadResult Refused(CheckpointRefusalKind kind, string reason) => new(null, new CheckpointRefusal(kind, reason));

    public override string ToString() => IsValid ? $"valid checkpoint {Document.RunId} #{Document.Sequence}" : Refusal.Reason;
}
