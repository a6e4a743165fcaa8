using System.Globalization;
using System.Text;
using TaskMaster.Core.Policies;

namespace TaskMaster.Benchmarks.Scale;

/// <summary>The <c>scale</c> suite's medians as a markdown table, then as Mermaid charts to paste into docs/benchmarks-scale.md.</summary>
internal static class ScaleReport
{
    private const double MiB = 1 << 20;

    public static void Print(ScaleOptions options, long baseBytes, IReadOnlyDictionary<(int Size, QueueShape Shape), IReadOnlyList<ScaleResult>> results)
    {
        var rows = results.Select(r => Row.Of(r.Key.Size, r.Key.Shape, baseBytes, r.Value)).OrderBy(r => r.Shape).ThenBy(r => r.Size).ToArray();
        var text = new StringBuilder();
        text.AppendLine(Invariant($"Base: peak RSS of `execute` of a one-task queue, {baseBytes / MiB:0} MiB. Concurrency {options.Concurrency}. Budget: 256 MiB + 1 MiB × √n (`MemoryBudget.Default`)."));
        text.AppendLine();
        text.AppendLine("| shape | tasks | runs | start-up | time per task | peak RSS | budget | peak / budget | memory per task above base | checkpoint | checkpoint per task | resume to first dispatch | home |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in rows)
        {
            text.AppendLine(Invariant(
                $"| {r.Shape.ToString().ToLowerInvariant()} | {r.Size:N0} | {r.Runs} | {r.Startup:0.00} s | {r.PerTaskMicros:0} µs | {r.PeakBytes / MiB:0} MiB | {r.BudgetBytes / MiB:0} MiB | {r.PeakBytes / r.BudgetBytes:0.00}× | {r.AboveBasePerTask:N0} B | {r.CheckpointBytes / 1e6:0.00} MB | {r.CheckpointBytes / (double)r.Size:0} B | {r.Resume:0.00} s | {r.HomeBytes / 1e6:0.0} MB |"));
        }
        text.AppendLine();
        text.Append(Chart("Time per task (µs), start-ups left out", "µs", rows, r => r.PerTaskMicros, aim: null));
        text.Append(Chart("Peak memory per task above the base (bytes); aim ≤ 1024", "bytes", rows, r => r.AboveBasePerTask, aim: 1024));
        Console.Write(text.ToString());
    }

    /// <summary>A Mermaid <c>xychart-beta</c>: one line per shape (and the aim), the sizes along x.</summary>
    private static string Chart(string title, string unit, Row[] rows, Func<Row, double> value, double? aim)
    {
        var sizes = rows.Select(r => r.Size).Distinct().Order().ToArray();
        var text = new StringBuilder();
        text.AppendLine("```mermaid").AppendLine("xychart-beta").AppendLine(Invariant($"    title \"{title}\""));
        text.AppendLine("    x-axis \"tasks\" [" + string.Join(", ", sizes.Select(s => $"\"{ScaleOptions.FormatSize(s)}\"")) + "]");
        var top = Math.Max(aim ?? 0, rows.Max(value)) * 1.1;
        text.AppendLine(Invariant($"    y-axis \"{unit}\" 0 --> {Math.Ceiling(top)}"));
        foreach (var shape in rows.Select(r => r.Shape).Distinct())
        {
            var line = sizes.Select(s => rows.FirstOrDefault(r => r.Size == s && r.Shape == shape) is { } r ? value(r) : 0);
            text.AppendLine(Invariant($"    line \"{shape.ToString().ToLowerInvariant()}\" [{string.Join(", ", line.Select(v => v.ToString("0", CultureInfo.InvariantCulture)))}]"));
        }
        if (aim is { } a) text.AppendLine(Invariant($"    line \"aim\" [{string.Join(", ", sizes.Select(_ => a.ToString("0", CultureInfo.InvariantCulture)))}]"));
        return text.AppendLine("```").AppendLine().ToString();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record Row(int Size, QueueShape Shape, int Runs, double Startup, double PerTaskMicros, long PeakBytes, double BudgetBytes,
        double AboveBasePerTask, long CheckpointBytes, double Resume, long HomeBytes)
    {
        public static Row Of(int size, QueueShape shape, long baseBytes, IReadOnlyList<ScaleResult> runs)
        {
            double Median(Func<ScaleResult, double> of) => Stats.Median([.. runs.Select(of)]);
            var peak = (long)Median(r => r.PeakBytes);
            return new Row(size, shape, runs.Count, Median(r => r.Startup.TotalSeconds), Median(r => r.PerTask.TotalMicroseconds), peak,
                MemoryBudget.Default.For(size), Math.Max(0, peak - baseBytes) / (double)size, (long)Median(r => r.CheckpointBytes),
                Median(r => r.Resume.TotalSeconds), (long)Median(r => r.HomeBytes));
        }
    }
}
