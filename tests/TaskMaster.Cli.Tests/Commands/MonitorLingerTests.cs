using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using TaskMaster.Cli.Tests.Support;

namespace TaskMaster.Cli.Tests.Commands;

/// <summary><c>--monitor-linger</c>: the dashboard keeps serving a finished run's final state, read-only.</summary>
public sealed partial class MonitorLingerTests
{
    private const string Queue = """
        # Queue: lingering

        ### good: Works
        - run: `true`

        ### bad: Fails for good
        - run: `exit 3`
        """;

    private const int SigInt = 2;

    [Fact]
    public async Task Execute_MonitorLinger_ServesTheFinalStateUntilSigIntThenExitsWithTheRunsCode()
    {
        using var workspace = new QueueWorkspace(Queue);
        await using var executor = workspace.StartExecute("--monitor", "--monitor-port", "0", "--monitor-linger", "10m");
        await executor.WaitForOutputAsync("keeps showing its final state");

        // The summary came first; the monitor still answers with every task's final state.
        Assert.True(executor.Output.IndexOf("finished with failures", StringComparison.Ordinal) < executor.Output.IndexOf("keeps showing", StringComparison.Ordinal),
            executor.Output);
        var url = DashboardUrl().Match(executor.Output);
        Assert.True(url.Success, executor.Output);
        using var http = new HttpClient { BaseAddress = new Uri(url.Groups["base"].Value), Timeout = TimeSpan.FromSeconds(30) };
        var tasks = JsonDocument.Parse(await http.GetStringAsync("api/v1/tasks")).RootElement;
        var states = tasks.GetProperty("tasks").EnumerateArray().ToDictionary(t => t.GetProperty("id").GetString()!, t => t.GetProperty("state").GetString());
        Assert.Equal("succeeded", states["good"]);
        Assert.Equal("failed", states["bad"]);
        Assert.Equal("failed", tasks.GetProperty("summary").GetProperty("state").GetString());

        // Controls, with the token, answer that the run is over.
        using var pause = new HttpRequestMessage(HttpMethod.Post, "v1/run:pause") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        pause.Headers.Authorization = new AuthenticationHeaderValue("Bearer", url.Groups["token"].Value);
        using var refused = await http.SendAsync(pause);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("the run is over (failed)", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        executor.Signal(SigInt);
        // Ended by the SIGINT: the linger alone would last 10 minutes.
        var result = await executor.WaitForExitAsync(TimeSpan.FromMinutes(2));
        Assert.True(result.ExitCode == 1, result.ToString());
    }

    [Fact]
    public async Task Execute_MonitorLinger_ServesTheRunsReportAsTheReportCommandWritesIt()
    {
        using var workspace = new QueueWorkspace(Queue);
        await using var executor = workspace.StartExecute("--monitor", "--monitor-port", "0", "--monitor-linger", "10m");
        await executor.WaitForOutputAsync("keeps showing its final state");
        var url = DashboardUrl().Match(executor.Output);
        Assert.True(url.Success, executor.Output);
        using var http = new HttpClient { BaseAddress = new Uri(url.Groups["base"].Value), Timeout = TimeSpan.FromSeconds(30) };

        var served = JsonDocument.Parse(await http.GetStringAsync("api/v1/report")).RootElement;
        var written = await CliProcess.RunAsync(workspace.Root, ["report", "--home", workspace.Home, "--format", "json"]);

        Assert.True(written.ExitCode == 0, written.ToString());
        var report = JsonDocument.Parse(written.Stdout).RootElement;
        Assert.Equal(JsonSerializer.Serialize(report.GetProperty("counts")), JsonSerializer.Serialize(served.GetProperty("counts")));
        Assert.Equal(JsonSerializer.Serialize(report.GetProperty("failed_tasks")), JsonSerializer.Serialize(served.GetProperty("failed_tasks")));
        Assert.Equal(("failed", false), (served.GetProperty("state").GetString(), served.GetProperty("live").GetBoolean()));
        Assert.Contains("tm-report-data", await http.GetStringAsync("report"), StringComparison.Ordinal);
        executor.Signal(SigInt);
        await executor.WaitForExitAsync(TimeSpan.FromMinutes(2));
    }

    [Fact]
    public async Task Execute_MonitorLinger_EndsByItselfAfterItsDuration()
    {
        using var workspace = new QueueWorkspace(Queue);

        var result = await workspace.ExecuteAsync("--monitor", "--monitor-port", "0", "--monitor-linger", "1s");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("keeps showing its final state (read-only)", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_MonitorLingerWithoutMonitor_IsRefused()
    {
        using var workspace = new QueueWorkspace(Queue);

        var result = await workspace.ExecuteAsync("--monitor-linger", "1m");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--monitor-linger needs --monitor", result.Stderr, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"Dashboard: (?<base>http://127\.0\.0\.1:\d+/)#token=(?<token>[0-9a-f]+)")]
    private static partial Regex DashboardUrl();
}
