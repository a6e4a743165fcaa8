namespace TaskMaster.Benchmarks.Durability;

/// <summary>How the cases are named in the tables.</summary>
internal static class Cases
{
    public static string Name(CheckpointMode mode, TimeSpan interval) => mode switch
    {
        CheckpointMode.None => "journal only (no checkpointer)",
        CheckpointMode.FoldOnly => "+ checkpointer folding, writes discarded",
        _ => $"+ checkpoints written every {Describe(interval)}",
    };

    private static string Describe(TimeSpan interval) =>
        interval < TimeSpan.FromSeconds(1) ? $"{interval.TotalMilliseconds:0} ms" : $"{interval.TotalSeconds:0.#} s";
}
