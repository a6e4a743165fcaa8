using System.Diagnostics.CodeAnalysis;
using TaskMaster.Core.Checkpoints;

namespace TaskMaster.Checkpoint.Cluster;

/// <summary>A stored checkpoint that was not used, and why (its reason names its location).</summary>
public sealed record RefusedStoredCheckpoint(string Location, CheckpointRefusal Refusal);

/// <summary>What looking for a checkpoint in the cluster's stores gave: the verified one found, and every one passed over on the way.</summary>
/// <param name="Document">The verified checkpoint; null when none was valid.</param>
/// <param name="Checkpoint">Its name and the location it was read from.</param>
/// <param name="Refused">Those tried before it (or all tried, when none was valid), newest first.</param>
/// <param name="Bytes">The file it was decoded from, as stored.</param>
public sealed record StoredCheckpointLoad(
    CheckpointDocument? Document, StoredCheckpoint? Checkpoint, IReadOnlyList<RefusedStoredCheckpoint> Refused, byte[]? Bytes = null)
{
    [MemberNotNullWhen(true, nameof(Document), nameof(Checkpoint), nameof(Bytes))]
    public bool Found => Document is not null && Checkpoint is not null && Bytes is not null;

    /// <summary>One line for people, as the file store's: what was refused, and what was loaded.</summary>
    public string Describe()
    {
        var refused = string.Join("; ", Refused.Select(r => $"refused ({r.Refusal.Reason})"));
        if (Found) return Refused.Count == 0 ? $"loaded {Checkpoint.Location}" : $"{refused}; fell back to {Checkpoint.Location}";
        return Refused.Count == 0 ? "no checkpoint found" : $"no valid checkpoint: {refused}";
    }
}

/// <summary>A checkpoint as the two stores list it: where its copies are.</summary>
public sealed record TieredCheckpoint(StoredCheckpoint Checkpoint, bool InRecord, bool InCache);
