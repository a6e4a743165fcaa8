using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using TaskMaster.Cli.Tests.Support;

namespace TaskMaster.Cli.Tests.Commands;

public sealed partial class MonitorTests
{
    private const string Queue = """
        # Queue: watched

        ### first: Quick
        - run: `true`

        ### held: Held until released
        - depends: first
        - run: `while [ ! -e release ]; do sleep 0.05; done`
        """;

    [Fact]
    public async Task Execute_Monitor_PrintsTheDashboardUrlFirstAndServesDuringTheRun()
    {
        using var workspace = new QueueWorkspace(Queue);
        await using var executor = workspace.StartExecute("--monitor", "--monitor-port", "0");
        await executor.WaitForOutputAsync("started    held");

        var lines = executor.Output.Split('\n');
        var dashboard = Array.FindIndex(lines, l => l.StartsWith("Dashboard: ", StringComparison.Ordinal));
        Assert.InRange(dashboard, 0, 2);
        var url = DashboardUrl().Match(lines[dashboard]);
        Assert.True(url.Success, lines[dashboard]);
        Assert.Equal(File.ReadAllText(Path.Combine(workspace.Home, "control.token")).Trim(), url.Groups["token"].Value);
        using var http = new HttpClient { BaseAddress = new Uri(url.Groups["base"].Value), Timeout = TimeSpan.FromSeconds(30) };

        var metrics = await http.GetStringAsync("metrics");
        var graph = JsonDocument.Parse(await http.GetStringAsync("api/v1/graph")).RootElement;
        var status = JsonDocument.Parse(await http.GetStringAsync("v1/status")).RootElement;

        Assert.Contains("taskmaster_tasks{state=\"running\"} 1", metrics, StringComparison.Ordinal);
        Assert.Equal(["first", "held"], graph.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("id").GetString()));
        Assert.Equal(url.Groups["base"].Value, status.GetProperty("monitor_url").GetString());
        await File.WriteAllTextAsync(workspace.PathOf("release"), "");
        var result = await executor.WaitForExitAsync();
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task Execute_MonitorPortInUse_ExitsWith2BeforeAnythingRuns()
    {
        using var workspace = new QueueWorkspace(Queue);
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var result = await workspace.ExecuteAsync("--monitor", "--monitor-port", port.ToString());

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"port {port}", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--monitor-port 0", result.Stderr, StringComparison.Ordinal);
        // The refusal is all it says: no run header before "Nothing was run".
        Assert.True(result.Stdout.Length == 0, result.ToString());
        Assert.False(Directory.Exists(Path.Combine(workspace.Home, "runs")), "a run was started");
    }

    [Fact]
    public async Task Resume_MonitorPortInUse_RefusesBeforePrintingTheResumeAndRunsNothing()
    {
        using var workspace = await InterruptedRun.CreateAsync();
        var marks = InterruptedRun.Marks(workspace).Length;
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var result = await CliProcess.RunAsync(workspace.Root, "resume", "--home", workspace.Home, "--plain", "--monitor", "--monitor-port", port.ToString());

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"port {port}", result.Stderr, StringComparison.Ordinal);
        Assert.True(result.Stdout.Length == 0, result.ToString());
        Assert.Equal(marks, InterruptedRun.Marks(workspace).Length);
    }

    [GeneratedRegex(@"^Dashboard: (?<base>http://127\.0\.0\.1:\d+/)#token=(?<token>[0-9a-f]+)\s*$")]
    private static partial Regex DashboardUrl();
}
