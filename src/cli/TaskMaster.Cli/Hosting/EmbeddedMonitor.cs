using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using TaskMaster.Cli.Commands;
using TaskMaster.Core.Scheduling;
using TaskMaster.Embedded;
using TaskMaster.LocalHome;
using TaskMaster.Monitor;
using TaskMaster.Monitor.History;
using TaskMaster.Monitor.Reports;
using TaskMaster.Monitor.Settings;
using TaskMaster.Scheduler.Control;

namespace TaskMaster.Cli.Hosting;

/// <summary>The monitor of an embedded run (<c>--monitor</c>): settled from the command line, then monitor.json, then the defaults.</summary>
internal static class EmbeddedMonitor
{
    /// <param name="updateInterval">The command line's <c>--update-interval</c>, when it gave one.</param>
    public static MonitorOptions OptionsFor(MonitorRequest request, TimeSpan? updateInterval, HomeLayout home)
    {
        var saved = MonitorSettings.TryRead(home);
        var options = new MonitorOptions
        {
            Port = request.Port ?? saved?.Port ?? MonitorOptions.DefaultPort,
            Host = request.Host ?? saved?.Host ?? MonitorOptions.DefaultHost,
            IncludeGraphs = saved?.IncludeGraphs ?? true,
        };
        if ((updateInterval ?? SavedUpdateInterval(home)) is { } interval) options.UpdateInterval = interval;
        return options;
    }

    /// <summary>The update interval monitor-init saved in the home; null when it saved none.</summary>
    public static TimeSpan? SavedUpdateInterval(HomeLayout home) =>
        MonitorSettings.TryRead(home) is { } saved ? TimeSpan.FromMilliseconds(saved.UpdateIntervalMs) : null;

    /// <summary>Starts the monitor (with the history and alerts endpoints); null, after saying why, when it cannot listen (nothing has run yet).</summary>
    public static async Task<MonitorServer?> StartAsync(
        MonitorRequest request, TimeSpan? updateInterval, MonitorRun run, IRunControl control, ILoggerFactory loggerFactory)
    {
        var options = OptionsFor(request, updateInterval, run.Home);
        var token = ControlTokenFile.LoadOrCreate(run.Home.ControlTokenFile);
        MonitorServer server;
        try
        {
            server = await MonitorServer.StartAsync(options, run, control, token, loggerFactory,
                mapEndpoints: endpoints => endpoints.MapMonitorInsights(run.Home, run.RunId)
                    // This executor is running the run it serves.
                    .MapRunReport((_, _) => Task.FromResult(RunReportBuilder.OfHome(run.Home, run.RunId, _ => true, run.Time.GetUtcNow())))).ConfigureAwait(false);
        }
        catch (MonitorPortInUseException e)
        {
            Console.Error.WriteLine($"task-master: the monitor cannot listen: {e.Message}. Stop what uses it, choose another port " +
                                    "with --monitor-port N, or let the system pick a free one with --monitor-port 0. Nothing was run.");
            return null;
        }
        catch (Exception e) when (e is IOException or SocketException or ArgumentException)
        {
            Console.Error.WriteLine($"task-master: the monitor cannot listen on {options.Host}:{options.Port}: {e.Message}. Nothing was run.");
            return null;
        }
        if (!IsLoopback(options.Host))
            Console.Error.WriteLine($"warning: --monitor-host {options.Host} is not a loopback address: whoever can reach this machine " +
                                    "can see the dashboard and metrics (control calls still need the token).");
        return server;
    }

    public static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
}
