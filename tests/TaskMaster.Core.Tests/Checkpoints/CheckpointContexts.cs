using TaskMaster.Core.Checkpoints;

namespace TaskMaster.Core.Tests.Checkpoints;

/// <summary>What a checkpoint needs besides the state, with plain values: for tests that build documents from a run.</summary>
internal static class CheckpointContexts
{
    public static CheckpointContext Plain(long sequence, DateTimeOffset at, string journalFile = "runs/run/journal.jsonl", string reason = "interval") =>
        new(sequence, reason, at, journalFile, Concurrency: 8, CpuCapacity: 16, MemoryCapacity: 8L << 30,
            new Dictionary<string, TaskIntermediateResult>(),
            new SystemMetrics { MemoryUsage = "1% of O(√n)", MemoryBytes = 1, MemoryBudgetBytes = 100 },
            "task-master resume", PreviousCheckpoint: null);
}
