using System.Globalization;
using System.Text;

namespace TaskMaster.Chaos.Tests.Checking;

/// <summary>The checker's table: one row per schedule (its seed, to replay it with <c>--seed</c>), and their sum.</summary>
public static class CheckTable
{
    private static readonly string[] Columns =
        ["seed", "faults", "attempts", "lost", "unexpected", "duplicates", "unexplained", "order", "fencing", "liveness", "leftovers", "recovered in"];

    public static string Format(IReadOnlyList<(int Seed, CheckResult Result)> rows)
    {
        var cells = rows.Select(r => Row(r.Seed.ToString(CultureInfo.InvariantCulture), r.Result)).ToList();
        if (rows.Count > 1)
        {
            var all = rows.Select(r => r.Result).ToList();
            var slowest = all.Max(r => r.RecoveredIn);
            cells.Add(["all " + rows.Count.ToString(CultureInfo.InvariantCulture), .. Sums(all), slowest is { } s ? $"≤ {s.TotalSeconds:0.0}s" : "-"]);
        }
        var text = new StringBuilder();
        text.Append("| ").AppendJoin(" | ", Columns).AppendLine(" |");
        text.Append("| ").AppendJoin(" | ", Columns.Select(_ => "---")).AppendLine(" |");
        foreach (var row in cells) text.Append("| ").AppendJoin(" | ", row).AppendLine(" |");
        return text.ToString();
    }

    private static string[] Row(string seed, CheckResult r) =>
        [seed, .. Counts(r), r.RecoveredIn is { } s ? $"{s.TotalSeconds:0.0}s" : "-"];

    private static IEnumerable<string> Counts(CheckResult r) =>
        new[] { r.Faults, r.Attempts, r.Lost, r.Unexpected, r.Duplicates, r.UnexplainedDuplicates, r.Order, r.Fencing, r.Liveness, r.Leftovers }
            .Select(n => n.ToString(CultureInfo.InvariantCulture));

    private static IEnumerable<string> Sums(IReadOnlyList<CheckResult> all) =>
        new Func<CheckResult, int>[] { r => r.Faults, r => r.Attempts, r => r.Lost, r => r.Unexpected, r => r.Duplicates, r => r.UnexplainedDuplicates, r => r.Order, r => r.Fencing, r => r.Liveness, r => r.Leftovers }
            .Select(f => all.Sum(f).ToString(CultureInfo.InvariantCulture));
}
