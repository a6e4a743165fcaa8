using System.Text.Json;
using TaskMaster.Cli.Tests.Support;
using TaskMaster.Contracts.Scheduler.V1;
using TaskMaster.Core.Events;
using TaskMaster.SchedulerService.Tests.Support;

namespace TaskMaster.Cli.Tests.Hosting;

/// <summary><c>task-master --server URL report</c> against a scheduler service in this process.</summary>
public sealed class ClusterReportTests : IDisposable
{
    private const string Queue = "# Queue: reported\n\n### first: First\n- run: `true`\n\n### second: Second\n- depends: first\n- run: `true`\n\n" +
                                 "### broken: Broken\n- run: `exit 3`\n";

    private readonly ServiceFolder _folder = new();

    private string Home => Path.Combine(_folder.Root, "cli-home");

    private async Task<string> RunToEndAsync(SchedulerHost host)
    {
        var (text, path) = _folder.Queue("reported", Queue);
        var client = host.Client();
        var runId = (await client.SubmitRunAsync(new SubmitRunRequest { QueueText = text, QueuePath = path }, SchedulerClients.Within())).RunId;
        await RunWaits.FirstAsync(client, runId, e => e is RunCompleted);
        return runId;
    }

    [Fact]
    public async Task Report_Json_RunOfTheServer_DescribesItAsAHomeRunsReportDoes()
    {
        await using var host = await SchedulerHost.StartAsync(_folder);
        var runId = await RunToEndAsync(host);

        var result = await CliProcess.RunAsync(_folder.Queues, [.. host.ServerArguments(), "report", "--run", runId, "--format", "json", "--home", Home]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var report = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.Equal((runId, "failed", false), (report.GetProperty("run_id").GetString(), report.GetProperty("state").GetString(), report.GetProperty("live").GetBoolean()));
        var counts = report.GetProperty("counts");
        Assert.Equal((3, 2, 1), (counts.GetProperty("total").GetInt32(), counts.GetProperty("succeeded").GetInt32(), counts.GetProperty("failed").GetInt32()));
        Assert.Equal("broken", report.GetProperty("failed_tasks").EnumerateArray().Single().GetProperty("id").GetString());
    }

    [Fact]
    public async Task Report_Markdown_RunOfTheServer_IsTheHomeReportsRendering()
    {
        await using var host = await SchedulerHost.StartAsync(_folder);
        var runId = await RunToEndAsync(host);

        var result = await CliProcess.RunAsync(_folder.Queues, [.. host.ServerArguments(), "report", "--run", runId, "--format", "md", "--home", Home]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(runId, result.Stdout, StringComparison.Ordinal);
        Assert.Contains("broken", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_UnknownRun_RefusedInOneLineWithExitCode1()
    {
        await using var host = await SchedulerHost.StartAsync(_folder);

        var result = await CliProcess.RunAsync(_folder.Queues, [.. host.ServerArguments(), "report", "--run", "run-20990101-000000-0000", "--home", Home]);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.StartsWith("task-master: the scheduler service refused: no run 'run-20990101-000000-0000' here", result.Stderr.Trim(), StringComparison.Ordinal);
        Assert.Single(result.Stderr.Trim().Split('\n'));
    }

    public void Dispose() => _folder.Dispose();
}
