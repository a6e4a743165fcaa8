using System.CommandLine;
using TaskMaster.Cli.Parsing;
using TaskMaster.Core.Queue;
using TaskMaster.Monitor;

namespace TaskMaster.Cli.Commands;

/// <summary><c>--monitor</c>, <c>--monitor-port</c>, <c>--monitor-host</c>, <c>--monitor-linger</c> of <c>execute</c> and <c>resume</c>.</summary>
internal sealed class MonitorCommandOptions
{
    public Option<bool> Enabled { get; } = new("--monitor")
    {
        Description = "Serve the live dashboard, Prometheus /metrics and the control API as JSON while the run goes on " +
                      $"(http://{MonitorOptions.DefaultHost}:{MonitorOptions.DefaultPort}/ by default; the URL with its token is printed first).",
    };

    public Option<int?> Port { get; } = PortOption();

    public Option<string?> Host { get; } = HostOption(
        $"The address the monitor binds. Default: $TASKMASTER_HOME/monitor.json's, else {MonitorOptions.DefaultHost}. " +
        "Anything but loopback lets the network see the dashboard (control calls still need the token).");

    public Option<string> Linger { get; } = LingerOption();

    public void AddTo(Command command)
    {
        command.Options.Add(Enabled);
        command.Options.Add(Port);
        command.Options.Add(Host);
        command.Options.Add(Linger);
        command.Validators.Add(r =>
        {
            if (r.GetResult(Linger) is { Implicit: false } && !r.GetValue(Enabled)) r.AddError("--monitor-linger needs --monitor.");
        });
    }

    /// <summary>What was asked; null without <c>--monitor</c>.</summary>
    public MonitorRequest? Read(ParseResult result) =>
        result.GetValue(Enabled)
            ? new MonitorRequest(result.GetValue(Port), result.GetValue(Host),
                DurationFormat.TryParse(result.GetValue(Linger) ?? "0", out var linger) ? linger : TimeSpan.Zero)
            : null;

    private static Option<string> LingerOption() => CliOptions.Duration("--monitor-linger",
        "After the run ends, keep serving its final state (read-only: controls are refused) this long, " +
        "or until Ctrl-C, e.g. 2m. The exit code stays the run's. Default: 0 (the monitor stops with the run).",
        TimeSpan.Zero, TimeSpan.FromDays(30), "0");

    /// <summary>The port option, shared with <c>monitor-init</c> (which says what it means there).</summary>
    public static Option<int?> PortOption(string? description = null) => CliOptions.Port("--monitor-port", description ??
        $"The monitor's TCP port; 0 picks a free one. Default: $TASKMASTER_HOME/monitor.json's (see monitor-init), else {MonitorOptions.DefaultPort}.");

    /// <summary>The host option, shared with <c>monitor-init</c>.</summary>
    public static Option<string?> HostOption(string description) =>
        CliOptions.Text("--monitor-host", description, "an address to bind, such as 127.0.0.1");
}

/// <summary><c>--monitor</c> with what the command line said; what it did not say comes from monitor.json or the defaults.</summary>
/// <param name="Linger">How long to keep serving the final state once the run has ended (zero: not at all).</param>
internal sealed record MonitorRequest(int? Port, string? Host, TimeSpan Linger = default);
