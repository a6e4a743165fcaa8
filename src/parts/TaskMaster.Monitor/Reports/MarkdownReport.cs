using System.Globalization;
using System.Text;
using TaskMaster.Core.Display;

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
            ["Tasks", report.Counts.Describe()],
            ["Attempts", Invariant($"{report.Counts.Attempts} ({report.Counts.FailedAttempts} failed; error rate {Percent(report.Counts.ErrorRate)})")],
            ["Recovery", report.Recovery.RecoveryRate is { } rate
                ? Invariant($"{Percent(rate)} ({report.Recovery.Recovered} of {report.Recovery.TransientFailures} transient failures recovered)")
                : "no transient failures"],
            ["Autonomy", Invariant($"{report.Autonomy.Score:0.###} ({Counted.Of(report.Autonomy.OperatorActions, "operator action")}, {Counted.Of(report.Autonomy.Finished, "task")} finished)")],
            ["Efficiency", Percent(report.Autonomy.Efficiency)],
        ]);

        FailedTasks(md, report.FailedTasks);

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

    /// <summary>Each task that failed for good: why, its attempts, the end of its stderr, its log.</summary>
    private static void FailedTasks(StringBuilder md, IReadOnlyList<FailedTaskReport> failed)
    {
        md.AppendLine("## Failed tasks").AppendLine();
        if (failed.Count == 0) md.AppendLine("None.").AppendLine();
        foreach (var task in failed)
        {
            md.AppendLine(Invariant($"### {Text(task.Id)}: {Text(task.Title)}")).AppendLine();
            md.AppendLine(Invariant($"- Error: {Text(task.Error)}"));
            md.AppendLine(Invariant($"- Class: {Text(task.Class)}{(task.Kind is { } kind ? $" ({Text(kind)})" : "")}"));
            md.AppendLine(Invariant($"- Log: {Text(task.LogPath)}")).AppendLine();
            Table(md, ["Attempt", "Started", "Ended", "Time", "Outcome", "Error"], task.Attempts.Select(a => new[]
            {
                Invariant($"{a.Attempt}"), Time(a.StartedAt), Time(a.EndedAt), a.DurationSeconds is { } took ? Seconds(took) : "—",
                Text(a.Outcome), a.Error is { } error ? Text(error) : "",
            }));
            if (task.StderrTail.Count == 0) continue;
            md.AppendLine("Last lines of stderr:").AppendLine();
            Verbatim(md, task.StderrTail);
        }
    }

    /// <summary>Lines shown as written: a fenced block (which Markdown never interprets) fenced longer than any run of backticks in them.</summary>
    private static void Verbatim(StringBuilder md, IReadOnlyList<string> lines)
    {
        var longest = lines.Select(l => LongestRun(l, '`')).DefaultIfEmpty(0).Max();
        var fence = new string('`', Math.Max(3, longest + 1));
        md.AppendLine(fence + "text");
        foreach (var line in lines) md.AppendLine(line.ReplaceLineEndings(" "));
        md.AppendLine(fence).AppendLine();
    }

    private static int LongestRun(string text, char c)
    {
        var (longest, run) = (0, 0);
        foreach (var ch in text) longest = Math.Max(longest, run = ch == c ? run + 1 : 0);
        return longest;
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

    private static string Time(DateTimeOffset? at) => ClockTime.Format(at);

    private static string Seconds(double seconds) => HumanDuration.Format(seconds);

    private static string Percent(double share) => Invariant($"{100 * share:0.#}%");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
