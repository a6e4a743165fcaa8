using System.Text.RegularExpressions;

namespace TaskMaster.Dashboard.Tests.Support;

/// <summary>
/// A real <c>task-master execute --monitor --monitor-port 0</c> on a queue of its own, and the
/// dashboard URL it printed (with the control token in its fragment).
/// </summary>
internal sealed partial class MonitoredRun : IAsyncDisposable
{
    private MonitoredRun(QueueWorkspace workspace, CliProcess cli, Uri url)
    {
        Workspace = workspace;
        Cli = cli;
        Url = url;
    }

    public QueueWorkspace Workspace { get; }

    public CliProcess Cli { get; }

    /// <summary>The URL as printed: <c>http://127.0.0.1:PORT/#token=…</c>.</summary>
    public Uri Url { get; }

    /// <summary>The same page without the token.</summary>
    public string UrlWithoutToken => Url.GetLeftPart(UriPartial.Path);

    public string Token => Url.Fragment.Replace("#token=", "", StringComparison.Ordinal);

    public static Task<MonitoredRun> StartAsync(string queueMarkdown, params string[] extra) =>
        StartInAsync(new QueueWorkspace(queueMarkdown), extra);

    /// <summary>The monitored run in a workspace the test prepared (other runs already in its home, say); disposing it disposes the workspace.</summary>
    public static async Task<MonitoredRun> StartInAsync(QueueWorkspace workspace, params string[] extra)
    {
        var cli = workspace.StartExecute(["--monitor", "--monitor-port", "0", .. extra]);
        await cli.WaitForOutputAsync("#token=");
        var printed = cli.Output.Split('\n').First(l => l.Contains("#token=", StringComparison.Ordinal));
        var url = new Uri(DashboardUrl().Match(printed).Value);
        return new MonitoredRun(workspace, cli, url);
    }

    [GeneratedRegex(@"https?://[^\s/]+/#token=[A-Za-z0-9_\-.~%+=]+")]
    private static partial Regex DashboardUrl();

    public async ValueTask DisposeAsync()
    {
        await Cli.DisposeAsync();
        Workspace.Dispose();
    }
}
