using System.Diagnostics;
using System.Text.RegularExpressions;
using TaskMaster.SchedulerService.Tests.Support;

namespace TaskMaster.IntegrationTests.Cluster;

/// <summary>
/// <c>task-master execute --monitor</c> as a user runs it (the built CLI, through <c>dotnet</c>), on a
/// queue in a folder of its own, serving its monitor (and <c>/metrics</c>) on a free loopback port
/// and lingering once its run has ended, until disposed (killed).
/// </summary>
internal sealed partial class MonitoredExecutor : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private MonitoredExecutor(Process process) => _process = process;

    /// <summary>host:port of its monitor, as a scrape target.</summary>
    public string HostPort { get; private set; } = "";

    /// <summary>What it printed, for a failing test's message.</summary>
    public string Output()
    {
        lock (_output) return string.Join(Environment.NewLine, _output);
    }

    public static async Task<MonitoredExecutor> StartAsync(string folder, string queue, TimeSpan timeout)
    {
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "task-queue.md"), queue);
        var executor = new MonitoredExecutor(TaskMasterCli.Start(folder,
        [
            "execute", "--queue", "task-queue.md", "--home", Path.Combine(folder, ".home"),
            "--plain", "--monitor", "--monitor-port", "0", "--monitor-linger", "30m",
        ]));
        var dashboard = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        executor._process.OutputDataReceived += (_, line) => executor.Read(line.Data, dashboard);
        executor._process.ErrorDataReceived += (_, line) => executor.Read(line.Data, null);
        executor._process.BeginOutputReadLine();
        executor._process.BeginErrorReadLine();
        try
        {
            executor.HostPort = await dashboard.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            await executor.DisposeAsync();
            throw new TimeoutException($"task-master execute --monitor printed no dashboard address within {timeout.TotalSeconds:0}s:{Environment.NewLine}{executor.Output()}");
        }
        return executor;
    }

    private void Read(string? line, TaskCompletionSource<string>? dashboard)
    {
        if (line is null) return;
        lock (_output) _output.Add(line);
        if (dashboard is not null && Dashboard().Match(line) is { Success: true } match) dashboard.TrySetResult(match.Groups["hostPort"].Value);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    [GeneratedRegex(@"Dashboard: http://(?<hostPort>127\.0\.0\.1:\d+)/")]
    private static partial Regex Dashboard();
}
