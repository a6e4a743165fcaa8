namespace TaskMaster.Core.Policies;

/// <summary>
/// The executor's memory budget, O(√n) in the number of tasks n as PRD-6 asks:
/// <c>budget = Base + PerSqrtTask × √n</c>. The run's resident memory is shown against it and an
/// alert fires when it is exceeded. Both terms are settings.
/// </summary>
public sealed record MemoryBudget(long BaseBytes, long PerSqrtTaskBytes)
{
    /// <summary>128 MiB + 1 MiB × √n: 228 MiB for 10,000 tasks, 444 MiB for 100,000.</summary>
    public static MemoryBudget Default { get; } = new(128L << 20, 1L << 20);

    public long For(int taskCount) => BaseBytes + (long)(PerSqrtTaskBytes * Math.Sqrt(Math.Max(0, taskCount)));

    /// <summary>The PRD's human form: <c>45% of O(√n)</c>.</summary>
    public static string Describe(long usedBytes, long budgetBytes) =>
        budgetBytes <= 0 ? "unknown" : $"{100.0 * usedBytes / budgetBytes:0}% of O(√n)";
}
