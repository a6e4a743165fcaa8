using System.Globalization;
using System.Text;

namespace TaskMaster.Monitor.Reports;

/// <summary>The report as Markdown for people: headings and tables; every piece of user text escaped.</summary>
public static class MarkdownReport
{
    public static string Render(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        md.AppendLine(Invariant($"# Run report: {Text(report.RunId)}")).AppendLine();
        Table(md, ["", ""],
        [
            ["Queue", Invariant($"{Text(report.Queue.Name)} ({Text(report.Queue.Path)})")],
            ["State", Text(report.State.ToString().ToLowerInvariant()) + (report.StateReason is { } why ? " — " + Text(why) : "") + (report.Live ? " (live)" : "")],
            ["Started", Time(report.StartedAt)],
            ["Ended", Time(report.EndedAt)],
            ["Duration", Seconds(report.DurationSeconds)],
            ["Tasks", Invariant($"{report.Counts.Total}: {report.Counts.Succeeded} succeeded, {report.Counts.Failed} failed, {report.Counts.Blocked} blocked, {report.Counts.Skipped} skipped, {report.Counts.Running} running, {report.Counts.Waiting} waiting")],
            ["Attempts", Invariant($"{report.Counts.Attempts} ({report.Counts.FailedAttempts} failed; error rate {Percent(report.Counts.ErrorRate)})")],
            ["Recovery", report.Recovery.RecoveryRate is { } rate
                ? Invariant($"{Percent(rate)} ({report.Recovery.Recovered} of {report.Recovery.TransientFailures} transient failures recovered)")
                : "no transient failures"],
            ["Autonomy", Invariant($"{report.Autonomy.Score:0.###} ({report.Autonomy.OperatorActions} operator actions, {report.Autonomy.Finished} tasks finished)")],
            ["Efficiency", Percent(report.Autonomy.Efficiency)],
        ]);

        md.AppendLine("## Slowest tasks").AppendLine();
        Table(md, ["Task", "Title", "Time", "Attempts", "Estimate", "State"],
            report.SlowestTasks.Select(t => Row(t)));
        md.AppendLine(Invariant($"## Critical path ({Seconds(report.CriticalPath.DurationSeconds)}, {Percent(report.CriticalPath.ShareOfRun)} of the run)")).AppendLine();
        Table(md, ["Task", "Title", "Time", "Attempts", "Estimate", "State"], report.CriticalPath.Tasks.Select(t => Row(t)));

        md.AppendLine("## Errors by class").AppendLine();
        Table(md, ["Class", "Count"], report.ErrorsByClass.Select(e => new[] { Text(e.Class), Invariant($"{e.Count}") }));
        md.AppendLine("Trend (each row a tenth of the run):").AppendLine();
        Table(md, ["From", "To", "Errors"], report.ErrorTrend.Select(b => new[]
        {
            Time(DateTimeOffset.FromUnixTimeMilliseconds(b.StartMs)), Time(DateTimeOffset.FromUnixTimeMilliseconds(b.EndMs)),
            b.Counts.Count == 0 ? "—" : Text(string.Join(", ", b.Counts.Select(c => Invariant($"{c.Key} {c.Value}")))),
        }));

        md.AppendLine("## Resources").AppendLine();
        if (report.Resources is { } r)
        {
            Table(md, ["", ""],
            [
                ["Samples", Invariant($"{r.Samples}")],
                ["Executor CPU", Invariant($"{r.CpuPercentAvg:0.#}% average, {r.CpuPercentMax:0.#}% peak")],
                ["Executor memory", Invariant($"{r.MemoryBytesMax >> 20} MiB peak, {r.MemoryBudgetPercentMax:0.#}% of the {r.MemoryBudgetBytes >> 20} MiB O(√n) budget")],
                ["Disk", Invariant($"{r.DiskReadBytesPerSAvg:0} B/s read, {r.DiskWriteBytesPerSAvg:0} B/s written on average")],
                ["Throughput", Invariant($"{r.ThroughputPerMinMax:0.##} tasks/min at best")],
            ]);
            Table(md, ["Task", "Peak CPU", "Peak memory"], r.TopTasks.Select(t => new[] { Text(t.Id), Invariant($"{t.CpuPercentMax:0.#}%"), Invariant($"{t.MemoryBytesMax >> 20} MiB") }));
        }
        else md.AppendLine("No samples were recorded for this run.").AppendLine();

        md.AppendLine("## Recommendations").AppendLine();
        if (report.Recommendations.Count == 0) md.AppendLine("None: nothing in this run's data calls for a change.");
        foreach (var advice in report.Recommendations) md.AppendLine(Invariant($"- **{Text(advice.Rule)}**: {Text(advice.Message)}"));
        return md.ToString();
    }

    /// <summary>User text as inert Markdown: HTML-escaped and every Markdown mark backslash-escaped, on one line.</summary>
    public static string Text(string text)
    {
        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': escaped.Append("&amp;"); break;
                case '<': escaped.Append("&lt;"); break;
                case '>': escaped.Append("&gt;"); break;
                case '\r' or '\n' or '\t': escaped.Append(' '); break;
                case '\\' or '`' or '*' or '_' or '[' or ']' or '(' or ')' or '#' or '|' or '~' or '!' or '{' or '}':
                    escaped.Append('\\').Append(c);
                    break;
                default: escaped.Append(c); break;
            }
        }
        return escaped.ToString();
    }

    private static string[] Row(TaskTiming t) =>
        [Text(t.Id), Text(t.Title), Seconds(t.DurationSeconds), Invariant($"{t.Attempts}"), t.EstimateSeconds is { } e ? Seconds(e) : "—", Text(t.State)];

    private static void Table(StringBuilder md, string[] header, IEnumerable<string[]> rows)
    {
        md.AppendLine("| " + string.Join(" | ", header) + " |");
        md.AppendLine("|" + string.Concat(header.Select(_ => " --- |")));
        var any = false;
        foreach (var row in rows)
        {
            md.AppendLine("| " + string.Join(" | ", row) + " |");
            any = true;
        }
        if (!any) md.AppendLine("| " + string.Join(" | ", header.Select((_, i) => i == 0 ? "none" : "")) + " |");
        md.AppendLine();
    }

    private static string Time(DateTimeOffset? at) => at is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "—";

    private static string Seconds(double seconds) => Invariant($"{seconds:0.###} s");

    private static string Percent(double share) => Invariant($"{100 * share:0.#}%");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
