using System.Text.Json;
using Spectre.Console;
using TaskMaster.Core.Display;
using TaskMaster.Core.ReadModel;
using TaskMaster.Core.Scheduling;
using TaskMaster.Monitor.Api;
using TaskMaster.Monitor.Runs;

namespace TaskMaster.Cli.Output;

/// <summary>Prints a home's <see cref="RunList"/>: JSON as <c>GET /api/v1/runs</c> serves it, or a table for people.</summary>
internal static class RunsPrinter
{
    private const int RedirectedWidth = 200;

    public static void Print(TextWriter output, TextWriter errors, RunList list, HomeLayout home, StatusFormat format)
    {
        if (format == StatusFormat.Json)
        {
            output.WriteLine(JsonSerializer.Serialize(list, MonitorJson.Indented));
            return;
        }
        if (list.Runs.Count == 0)
        {
            errors.WriteLine($"No runs in {home.Home}: nothing was executed with this home (task-master execute --queue FILE --home {home.Home}).");
            return;
        }
        // Ids and times are copied and compared: never broken across lines; the counts may wrap.
        var table = new Table()
            .AddColumns(new TableColumn("run").NoWrap(), new TableColumn("queue"), new TableColumn("state").NoWrap(),
                new TableColumn("started").NoWrap(), new TableColumn("duration").NoWrap(), new TableColumn("tasks"));
        foreach (var run in list.Runs)
        {
            table.AddRow(Markup.Escape(run.RunId), Markup.Escape(run.Queue?.Name ?? ""), State(run),
                run.StartedAt is { } at ? ClockTime.Format(at) : "", run.DurationSeconds is { } s ? HumanDuration.Format(s) : "",
                run.Counts is { } counts ? Counts(counts) : "");
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        // A pipe has no width: the 80 columns assumed for one would break every row.
        if (Console.IsOutputRedirected) console.Profile.Width = RedirectedWidth;
        console.Write(table);
        foreach (var run in list.Runs.Where(r => r.Problem is not null))
            console.MarkupLine($"[grey]{Markup.Escape(run.RunId)}: {Markup.Escape(run.Problem!)}[/]");
    }

    private static string State(RunListing run)
    {
        var state = run.State switch
        {
            RunPhase.Running => "[green]running[/]",
            RunPhase.Paused => "[yellow]paused[/]",
            RunPhase.Completed => "[green]completed[/]",
            RunPhase.Failed => "[red]failed[/]",
            RunPhase.Stopped => "[yellow]stopped[/]",
            _ => "[grey]unknown[/]",
        };
        return run.Live ? $"{state} [grey](live)[/]" : state;
    }

    /// <summary>How far the run got, as every view says it (<see cref="ProgressText"/>), and what still runs or waits.</summary>
    private static string Counts(RunCounts c)
    {
        var text = ProgressText.Of(c.Total, c.Succeeded, c.Failed, c.Blocked, c.Skipped);
        if (c.Running > 0) text += $", {c.Running} running";
        return c.Pending > 0 ? $"{text}, {c.Pending} pending" : text;
    }
}
