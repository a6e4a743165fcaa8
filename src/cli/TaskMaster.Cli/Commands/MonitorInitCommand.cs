using System.CommandLine;
using TaskMaster.Cli.Output;
using TaskMaster.Cli.Parsing;
using TaskMaster.Core.Display;
using TaskMaster.Core.Queue;
using TaskMaster.Core.Scheduling;
using TaskMaster.LocalHome;
using TaskMaster.Monitor;
using TaskMaster.Monitor.Api;
using TaskMaster.Monitor.Dashboard;
using TaskMaster.Monitor.Settings;

namespace TaskMaster.Cli.Commands;

/// <summary>
/// <c>task-master monitor-init</c>: settles how <c>execute --monitor</c> serves its monitor on a home
/// (monitor.json) and writes a dashboard file that opens from disk, with the queue's graph in it.
/// </summary>
internal static class MonitorInitCommand
{
    public static Command Create()
    {
        var queue = CommonOptions.Queue();
        var dashboard = CliOptions.OutputFile("--dashboard",
            "The dashboard file to write (e.g. $TASKMASTER_HOME/dashboard.html): one self-contained page with the queue's graph; " +
            "opened from disk it shows the run live while `execute --monitor` runs on this home.", "the dashboard file to write");
        dashboard.Required = true;
        var interval = CliOptions.Duration("--update-interval",
            "How often the dashboard samples resource use and history (a duration: 500ms, 1s, 5s).",
            TimeSpan.FromMilliseconds(50), TimeSpan.FromHours(1), "1s");
        var graphs = new Option<bool>("--include-graphs")
        {
            Description = "Show charts of progress, throughput, errors and resource use over time in the dashboard.",
        };
        var port = MonitorCommandOptions.PortOption(
            $"The port `execute --monitor` serves on this home, which the dashboard file reads from; 0 picks a free one at each run " +
            $"(the file then shows the graph only). Default: {MonitorOptions.DefaultPort}.");
        var host = MonitorCommandOptions.HostOption($"The address `execute --monitor` binds on this home. Default: {MonitorOptions.DefaultHost}.");
        var home = CommonOptions.Home();
        var command = new Command("monitor-init",
            "Prepare the monitor of a home: validate the queue (exactly as `validate` does), write $TASKMASTER_HOME/monitor.json " +
            "(port, host, update interval, charts; `execute --monitor` uses them) and a self-contained dashboard file with the queue's graph. " +
            "Exit code 0 when written, 2 for an invalid queue or command line.")
        {
            queue, dashboard, interval, graphs, port, host, home,
        };
        command.SetAction(result => Run(
            result.GetRequiredValue(queue), result.GetRequiredValue(dashboard)!, HomeLayout.Resolve(result.GetValue(home)),
            new MonitorSettings(
                result.GetValue(port) ?? MonitorOptions.DefaultPort,
                result.GetValue(host) ?? MonitorOptions.DefaultHost,
                DurationFormat.TryParse(result.GetValue(interval) ?? "1s", out var span) ? (int)span.TotalMilliseconds : 1000,
                result.GetValue(graphs),
                Queue: "")));
        return command;
    }

    internal static int Run(FileInfo queueFile, FileInfo dashboardFile, HomeLayout home, MonitorSettings settings)
    {
        var display = ValidateCommand.DisplayName(queueFile);
        var parsed = ValidateCommand.Parse(queueFile, display, home);
        if (!parsed.IsValid)
        {
            QueueErrorPrinter.Print(Console.Error, parsed.Errors, display);
            return ExitCodes.InvalidInput;
        }
        var queue = parsed.Queue!;
        settings = settings with { Queue = queue.SourcePath };

        // A free port (0) is only known once the executor runs: the file then shows the graph and no live run.
        var url = settings.Port == 0 ? "" : $"http://{UrlHost(settings.Host)}:{settings.Port}/";
        var page = DashboardPage.Render(DashboardPage.LoadTemplate(),
            new DashboardConfig(url, settings.UpdateIntervalMs, settings.IncludeGraphs, GraphDocument.From(queue, runId: null)));
        // The page first: a dashboard path that cannot be written leaves the home's settings as they were.
        File.WriteAllText(dashboardFile.FullName, page);
        settings.Write(home);

        Console.WriteLine($"{display}: valid. Queue '{queue.Name}': {Counted.Of(queue.Tasks.Count, "task")}.");
        Console.WriteLine($"Wrote {MonitorSettings.PathIn(home)}: port {settings.Port}, host {settings.Host}, " +
                          $"update interval {settings.UpdateIntervalMs} ms, charts {(settings.IncludeGraphs ? "on" : "off")}.");
        Console.WriteLine($"Wrote {dashboardFile.FullName}: open it in a browser; it shows the run live while " +
                          $"`task-master execute --queue {display} --monitor --home {home.Home}` runs" +
                          (url.Length > 0 ? $" (monitor at {url})." : "; with --monitor-port 0 the executor prints its own URL."));
        return ExitCodes.Success;
    }

    // Binding to every address: the browser on this machine reaches it on loopback.
    private static string UrlHost(string host) => host is "0.0.0.0" or "::" or "[::]" ? MonitorOptions.DefaultHost : host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host;
}
