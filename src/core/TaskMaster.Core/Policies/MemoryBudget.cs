using System.Globalization;
using TaskMaster.Core.Queue;

namespace TaskMaster.Core.Policies;

/// <summary>
/// The executor's memory budget, O(√n) in the number of tasks n as PRD-6 asks:
/// <c>budget = Base + PerSqrtTask × √n</c>. The executor's resident memory is shown against it and
/// an alert fires when it is exceeded. Both terms are settings (<c>--memory-budget BASE+PER</c>).
/// </summary>
public sealed record MemoryBudget(long BaseBytes, long PerSqrtTaskBytes)
{
    /// <summary>
    /// 256 MiB + 1 MiB × √n: 356 MiB for 10,000 tasks, 572 MiB for 100,000. The base holds the .NET
    /// runtime, the web server and the monitor, about 100–150 MiB resident before any task.
    /// </summary>
    public static MemoryBudget Default { get; } = new(256L << 20, 1L << 20);

    public long For(int taskCount) => BaseBytes + (long)(PerSqrtTaskBytes * Math.Sqrt(Math.Max(0, taskCount)));

    /// <summary>The PRD's human form: <c>45% of O(√n)</c>.</summary>
    public static string Describe(long usedBytes, long budgetBytes) =>
        budgetBytes <= 0 ? "unknown" : $"{100.0 * usedBytes / budgetBytes:0}% of O(√n)";

    /// <summary>Reads <c>BASE+PER</c>, each a size as in a queue (<c>256Mi+1Mi</c>, <c>1Gi+512Ki</c>).</summary>
    public static bool TryParse(string text, out MemoryBudget budget)
    {
        budget = Default;
        var parts = (text ?? "").Split('+', StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || !SizeFormat.TryParse(parts[0], out var baseBytes) || !SizeFormat.TryParse(parts[1], out var perSqrt)
            || baseBytes <= 0 || perSqrt < 0)
            return false;
        budget = new MemoryBudget(baseBytes, perSqrt);
        return true;
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{BaseBytes >> 20}Mi+{PerSqrtTaskBytes >> 10}Ki");
}
