using System.CommandLine;
using TaskMaster.Cli.Hosting;
using TaskMaster.Cli.Output;
using TaskMaster.Core.ReadModel;
using TaskMaster.Core.Scheduling;
using TaskMaster.Monitor.Runs;
using TaskMaster.Scheduler.Control;

namespace TaskMaster.Cli.Commands;

/// <summary><c>task-master status</c>: the live run on a home, or its last known state.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var detailed = new Option<bool>("--detailed")
        {
            Description = "Also list every task that has left pending (state, attempts, last error) and the recent errors.",
        };
        var resources = new Option<bool>("--include-resources")
        {
            Description = "Also show the executor's CPU, memory (against its O(√n) budget) and disk I/O (only while it runs).",
        };
        var format = new Option<StatusFormat>("--format")
        {
            Description = "table (for people) or json (for scripts; the fields are described in docs/status.md).",
            DefaultValueFactory = _ => StatusFormat.Table,
        };
        var target = new ControlTargetOptions();
        var command = new Command("status",
            "Show the run on the home: asked of its running executor (found through the home alone), or, when none runs, " +
            "its last known state (the newest valid checkpoint plus the journal after it). With --address, asked of the executor there. " +
            "Exit code 1 when the home has no run, or the executor refuses.")
        {
            detailed, resources, format,
        };
        target.AddTo(command);
        command.SetAction((result, cancellationToken) => ShowAsync(
            target.Read(result),
            new StatusQuery(result.GetValue(detailed), result.GetValue(resources)),
            result.GetValue(format), cancellationToken));
        return command;
    }

    private static async Task<int> ShowAsync(ControlTarget target, StatusQuery query, StatusFormat format, CancellationToken cancellationToken)
    {
        var (report, problem) = await LiveStatus.AskAsync(target, query, cancellationToken).ConfigureAwait(false);
        // A home's files tell what its executor no longer can; an address has nothing to fall back on.
        if (report is null && problem is null && target.Address is not null) problem = target.NotAnswering;
        if (report is null && problem is null)
            (report, problem) = await LastKnownStatus.LoadAsync(target.Home, query.Detailed, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        if (report is null)
        {
            Console.Error.WriteLine($"task-master: {problem}");
            return ExitCodes.TasksFailed;
        }
        StatusPrinter.Print(Console.Out, report, format, resourcesAsked: query.IncludeResources);
        return ExitCodes.Success;
    }
}
