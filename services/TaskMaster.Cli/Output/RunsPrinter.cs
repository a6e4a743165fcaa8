using System.Text.Json;
using Spectre.Console;
using TaskMaster.Core.Scheduling;
using TaskMaster.Monitor.Api;
using TaskMaster.Monitor.Runs;
using TaskMaster.Scheduler.Reporting;

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
                run.StartedAt is { } at ? $"{at:u}" : "", run.DurationSeconds is { } s ? Durations.Short(TimeSpan.FromSeconds(s)) : "",
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

    /// <summary><c>7: 5 succeeded, 1 failed, 1 blocked</c>: the counts that are not zero, in the order a task goes through them.</summary>
    private static string Counts(RunCounts c)
    {
        (int Count, string Name)[] all =
        [
            (c.Running, "running"), (c.Pending, "pending"), (c.Succeeded, "succeeded"), (c.Failed, "failed"),
            (c.Blocked, "blocked"), (c.Skipped, "skipped"),
        ];
        var parts = all.Where(p => p.Count > 0).Select(p => $"{p.Count} {p.Name}");
        return $"{c.Total}: {string.Join(", ", parts)}";
    }
}
