using System.Text.Json;
using Spectre.Console;
using TaskMaster.Core.Display;
using TaskMaster.Core.ReadModel;

namespace TaskMaster.Cli.Output;

/// <summary>How <c>task-master status</c> and <c>task-master runs</c> print.</summary>
internal enum StatusFormat
{
    /// <summary>For people: Spectre.Console tables.</summary>
    Table,

    /// <summary>For scripts: the fields of docs/status.md and docs/runs.md.</summary>
    Json,
}

/// <summary>Prints a <see cref="RunStatusReport"/> as JSON, or as tables for people.</summary>
internal static class StatusPrinter
{
    private const int MaxErrorWidth = 80;

    /// <param name="resourcesAsked">Say why there are no resource figures when they were asked for and the run is not live.</param>
    public static void Print(TextWriter output, RunStatusReport report, StatusFormat format, bool resourcesAsked)
    {
        if (format == StatusFormat.Json)
        {
            output.WriteLine(RunStatusJson.Serialize(report));
            return;
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        console.Write(Overview(report));
        if (report.CurrentTasks.Count > 0)
            console.Write(Running(report.CurrentTasks, report.Live ? "Running" : "Running when the executor stopped"));
        if (report.Tasks is { Count: > 0 } tasks) console.Write(Tasks(tasks));
        if (report.RecentErrors is { Count: > 0 } errors) console.Write(Errors(errors));
        if (report.Resources is { } resources) console.Write(Resources(resources));
        else if (resourcesAsked) console.MarkupLine("[grey]Resources are measured only while an executor runs the run.[/]");
    }

    private static Grid Overview(RunStatusReport report)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap().PadRight(2)).AddColumn();
        var state = report.State switch
        {
            RunPhase.Running => "[green]running[/]",
            RunPhase.Paused => "[yellow]paused[/]",
            RunPhase.Completed => "[green]completed[/]",
            RunPhase.Failed => "[red]failed[/]",
            _ => "[yellow]stopped[/]",
        };
        var reason = report.StateReason is { } r ? $" ({Markup.Escape(r)})" : "";
        var source = report.Live ? "live, from the running executor" : "last known state, no executor running";
        grid.AddRow("[bold]Run[/]", $"{Markup.Escape(report.RunId)}  {state}{reason}  [grey]{source}[/]");
        grid.AddRow("[bold]Queue[/]", Markup.Escape($"{report.Queue.Name}  {report.Queue.Path}"));
        var eta = report.EtaToShow() is { } seconds ? $", ETA {HumanDuration.Format(seconds)}" : "";
        grid.AddRow("[bold]Progress[/]", Markup.Escape($"{report.Progress.Percent:0.#}%: {report.TaskCounts.Describe()}{eta}"));
        grid.AddRow("[bold]Tasks[/]", Counts(report.TaskCounts));
        if (report.StartedAt is { } started) grid.AddRow("[bold]Started[/]", ClockTime.Format(started));
        grid.AddRow("[bold]Health[/]", $"autonomy score {report.AutonomyScore:0.00}, error rate {report.ErrorRate:0.00}");
        grid.AddRow("[bold]Checkpoint[/]", report.LastCheckpoint is { } checkpoint
            ? Markup.Escape($"{ClockTime.Format(checkpoint.Time)}  {checkpoint.Path}")
            : "none yet");
        if (report.MonitorUrl is { } url) grid.AddRow("[bold]Monitor[/]", Markup.Escape(url));
        return grid;
    }

    /// <summary>The counts that are not zero, in the order a task goes through them.</summary>
    private static string Counts(TaskCounts c)
    {
        (int Count, string Name)[] all =
        [
            (c.Running, "running"), (c.RetryWaiting, "waiting to retry"), (c.Ready, "ready"), (c.Pending, "pending"),
            (c.Succeeded, "succeeded"), (c.Failed, "failed"), (c.Blocked, "blocked"), (c.Skipped, "skipped"),
        ];
        var parts = all.Where(p => p.Count > 0).Select(p => $"{p.Count} {p.Name}");
        return $"{c.Total} in all: {string.Join(", ", parts)}";
    }

    private static Table Running(IReadOnlyList<CurrentTask> running, string title)
    {
        var table = new Table().Title(title).AddColumns("task", "title", "progress", "attempt", "started");
        foreach (var task in running)
        {
            var progress = task.Message is { Length: > 0 } message ? $"{task.Progress:0.#}% {message}" : $"{task.Progress:0.#}%";
            table.AddRow(Markup.Escape(task.Id), Markup.Escape(task.Title), Markup.Escape(progress),
                $"{task.Attempt}/{task.MaxAttempts}", task.StartedAt is { } at ? ClockTime.Format(at) : "");
        }
        return table;
    }

    private static Table Tasks(IReadOnlyList<TaskDetail> tasks)
    {
        var table = new Table().Title("Tasks (all but pending)").AddColumns("task", "state", "attempts", "last attempt", "last error");
        foreach (var task in tasks)
        {
            var note = task.BlockedBy is { } cause ? $"blocked by {cause}" : task.LastError ?? "";
            var took = task.DurationSeconds is { } seconds ? HumanDuration.Format(seconds) : task.StartedAt is not null ? "running" : "";
            table.AddRow(Markup.Escape(task.Id), Words(task.State), $"{task.Attempts}", took, Markup.Escape(Truncate(note)));
        }
        return table;
    }

    private static Table Errors(IReadOnlyList<RecentError> errors)
    {
        var table = new Table().Title("Recent errors (newest first)").AddColumns("time", "kind", "task", "error");
        foreach (var error in errors)
        {
            var task = error.TaskId is { } id ? error.Attempt is { } attempt ? $"{id} #{attempt}" : id : "";
            table.AddRow(ClockTime.Format(error.Time), Words(error.Kind), Markup.Escape(task), Markup.Escape(Truncate(error.Message)));
        }
        return table;
    }

    private static Grid Resources(ResourceUsage usage)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap().PadRight(2)).AddColumn();
        grid.AddRow("[bold]CPU[/]", $"{usage.CpuPercent:0.#}% of one core (the executor process)");
        grid.AddRow("[bold]Memory[/]", $"{Bytes(usage.MemoryBytes)}, {usage.MemoryBudgetPercent:0.#}% of the O(√n) budget of {Bytes(usage.MemoryBudgetBytes)}");
        grid.AddRow("[bold]Disk[/]", usage.DiskReadBytes is { } read && usage.DiskWriteBytes is { } written
            ? $"{Bytes(read)} read, {Bytes(written)} written"
            : "unknown on this system");
        return grid;
    }

    private static string Bytes(long bytes) => HumanBytes.Format(bytes);

    /// <summary><c>RetryWaiting</c> as <c>retry waiting</c>: the JSON's name, spaced.</summary>
    private static string Words(Enum value) => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString()).Replace('_', ' ');

    private static string Truncate(string text) => text.Length <= MaxErrorWidth ? text : text[..(MaxErrorWidth - 1)] + "…";
}
