using System.CommandLine;
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

    public Option<string?> Host { get; } = new("--monitor-host")
    {
        Description = $"The address the monitor binds. Default: $TASKMASTER_HOME/monitor.json's, else {MonitorOptions.DefaultHost}. " +
                      "Anything but loopback lets the network see the dashboard (control calls still need the token).",
    };

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

    private static Option<string> LingerOption()
    {
        var option = new Option<string>("--monitor-linger")
        {
            Description = "After the run ends, keep serving its final state (read-only: controls are refused) this long, " +
                          "or until Ctrl-C, e.g. 2m. The exit code stays the run's. Default: 0 (the monitor stops with the run).",
            DefaultValueFactory = _ => "0",
        };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is { } text && text != "0" && !DurationFormat.TryParse(text, out _))
                r.AddError($"--monitor-linger: '{text}' is not a duration; expected e.g. 30s, 2m, 1h.");
        });
        return option;
    }

    /// <summary>The port option, shared with <c>monitor-init</c> (which says what it means there).</summary>
    public static Option<int?> PortOption(string? description = null)
    {
        var option = new Option<int?>("--monitor-port")
        {
            Description = description ??
                          $"The monitor's TCP port; 0 picks a free one. Default: $TASKMASTER_HOME/monitor.json's (see monitor-init), else {MonitorOptions.DefaultPort}.",
        };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 0 or > 65535) r.AddError("--monitor-port must be between 0 and 65535.");
        });
        return option;
    }
}

/// <summary><c>--monitor</c> with what the command line said; what it did not say comes from monitor.json or the defaults.</summary>
/// <param name="Linger">How long to keep serving the final state once the run has ended (zero: not at all).</param>
internal sealed record MonitorRequest(int? Port, string? Host, TimeSpan Linger = default);
