using System.CommandLine;
using TaskMaster.Cli.Hosting;
using TaskMaster.Cli.Output;
using TaskMaster.Core.Scheduling;
using TaskMaster.LocalHome;
using TaskMaster.Monitor.Runs;
using TaskMaster.Scheduler.Control;

namespace TaskMaster.Cli.Commands;

/// <summary><c>task-master runs</c>: the home's runs, newest first.</summary>
internal static class RunsCommand
{
    public static Command Create()
    {
        var format = new Option<StatusFormat>("--format")
        {
            Description = "table (for people) or json (for scripts; the fields are described in docs/runs.md).",
            DefaultValueFactory = _ => StatusFormat.Table,
        };
        var home = CommonOptions.Home();
        var command = new Command("runs",
            "List the home's runs, newest first: id, queue, state (running, paused, completed, failed, stopped), when it started, " +
            "how long it ran, and its tasks by state. The run an executor is running is asked of that executor; every other run " +
            "is read as `status` reads it (its newest valid checkpoint plus the journal after it), once, then kept in its folder " +
            "until its journal changes. `task-master status`, `logs --run`, `report --run` and `retry --run` take the ids shown. " +
            "Exit code 0 when the list was printed (an empty home lists nothing), 2 for bad arguments.")
        {
            format, home,
        };
        command.SetAction((result, cancellationToken) => ServerOptions.Read(result) is { } server
            ? ClusterRuns.ListAsync(server, HomeLayout.Resolve(result.GetValue(home)), result.GetValue(format), cancellationToken)
            : ListAsync(HomeLayout.Resolve(result.GetValue(home)), result.GetValue(format), cancellationToken));
        return command;
    }

    private static async Task<int> ListAsync(HomeLayout home, StatusFormat format, CancellationToken cancellationToken)
    {
        var target = new ControlTarget(home, Address: null, TokenFile: null);
        var (live, problem) = await LiveStatus.AskAsync(target, new StatusQuery(Detailed: false, IncludeResources: false), cancellationToken).ConfigureAwait(false);
        // Its line then shows what its files say, which may be behind: say so rather than pass it off as current.
        if (problem is not null) Console.Error.WriteLine($"task-master: the executor on {home.Home} did not answer ({problem}); its run is shown as its files last recorded it");
        var runs = await RunCatalog.ListAsync(home, live, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        RunsPrinter.Print(Console.Out, Console.Error, runs, home, format);
        return ExitCodes.Success;
    }
}
