namespace TaskMaster.Core.Checkpoints;

/// <summary>Reads back a checkpoint the run wrote, to roll back to it.</summary>
public interface ICheckpointSource
{
    /// <summary>The verified checkpoint at <paramref name="location"/>, or null (with why) when it cannot be used.</summary>
    CheckpointDocument? Load(string location, out string? problem);
}
