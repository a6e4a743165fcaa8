using System.Text.Json;
using System.Text.RegularExpressions;
using TaskMaster.Cli.Tests.Support;
using TaskMaster.Core.Scheduling;
using TaskMaster.LocalHome;
using TaskMaster.Monitor.Alerts;
using TaskMaster.Monitor.History;

namespace TaskMaster.Cli.Tests.Commands;

/// <summary>
/// One truth in every view, through the real CLI and the real monitor: the status over HTTP and from the
/// CLI, the feed's snapshot, the metrics and the summary name the same state and the same last checkpoint;
/// a killed executor's alerts do not outlive it.
/// </summary>
public sealed partial class OneTruthTests
{
    private const int SigInt = 2;
    private const int SigKill = 9;

    [Fact]
    public async Task Execute_RunEnded_StatusOverHttpIsTheCliJsonAndEveryViewNamesTheShutdownCheckpoint()
    {
        using var workspace = new QueueWorkspace("""
            # Queue: truth

            ### good: Works
            - run: `true`

            ### bad: Fails for good
            - run: `exit 3`
            """);
        await using var executor = workspace.StartExecute("--monitor", "--monitor-port", "0", "--monitor-linger", "10m");
        await executor.WaitForOutputAsync("keeps showing its final state");
        using var http = new HttpClient { BaseAddress = new Uri(DashboardBase().Match(executor.Output).Groups["base"].Value), Timeout = TimeSpan.FromSeconds(30) };

        var cli = await CliProcess.RunAsync(workspace.Root, "status", "--home", workspace.Home, "--detailed", "--format", "json");
        var overHttp = await http.GetStringAsync("v1/status?detailed=true");

        Assert.True(cli.ExitCode == 0, cli.ToString());
        Assert.Equal(cli.Stdout.Trim(), overHttp.Trim());
        var status = JsonDocument.Parse(overHttp).RootElement;
        Assert.Equal(("failed", JsonValueKind.Null), (status.GetProperty("state").GetString(), status.GetProperty("state_reason").ValueKind));
        var checkpoint = status.GetProperty("last_checkpoint").GetProperty("path").GetString()!;
        Assert.EndsWith("-shutdown.json.gz", checkpoint, StringComparison.Ordinal);
        Assert.Contains($"Checkpoint: {Path.GetRelativePath(workspace.Root, checkpoint)} (shutdown", executor.Output, StringComparison.Ordinal);
        var feed = JsonDocument.Parse(await http.GetStringAsync("api/v1/tasks")).RootElement;
        Assert.Equal(checkpoint, feed.GetProperty("summary").GetProperty("last_checkpoint").GetProperty("path").GetString());
        Assert.Contains("taskmaster_checkpoints_total 2", await http.GetStringAsync("metrics"), StringComparison.Ordinal);
        Assert.Contains("FAILED     2 of 2 tasks finished: 1 succeeded, 1 failed, 0 blocked", executor.Output, StringComparison.Ordinal);

        executor.Signal(SigInt);
        Assert.Equal(1, (await executor.WaitForExitAsync()).ExitCode);
        // With no executor, the last known state (the newest checkpoint and the journal after it) says the same.
        var lastKnown = JsonDocument.Parse((await CliProcess.RunAsync(workspace.Root, "status", "--home", workspace.Home, "--format", "json")).Stdout).RootElement;
        Assert.Equal(checkpoint, lastKnown.GetProperty("last_checkpoint").GetProperty("path").GetString());
    }

    [Fact]
    public async Task Resume_AfterKill9_TheDeadExecutorsAlertsResolveOrGoOnButNeverStayBesideNewOnes()
    {
        using var workspace = new QueueWorkspace("""
            # Queue: killed

            ### bad: Fails for good
            - run: `exit 3`

            ### long: Waits to be resumed
            - run: `test -f resume.ok && exit 0; sleep 120`
            """);
        string[] fast = ["--update-interval", "100ms", "--alert-stall-after", "1s"];
        await using var executor = workspace.StartExecute(fast);
        await executor.WaitForOutputAsync("started    long");
        var runId = RunId().Match(executor.Output).Groups["id"].Value;
        var alertsFile = MonitoringLayout.AlertsFile(new HomeLayout(workspace.Home), runId);
        // Nothing moves while long sleeps: the run stalls, and bad has failed for good.
        await FileWait.UntilAsync(alertsFile, text => text.Contains("\"RunStalled\"", StringComparison.Ordinal) && text.Contains("\"PersistentFailures\"", StringComparison.Ordinal));
        executor.Signal(SigKill);
        await executor.WaitForExitAsync();
        Assert.All(AlertCenter.ReadFile(alertsFile), a => Assert.Equal(AlertState.Firing, a.State));

        await File.WriteAllTextAsync(workspace.PathOf("resume.ok"), "", TestContext.Current.CancellationToken);
        // The resumed run must not stall on a loaded machine before long ends: a new RunStalled would stand beside the old one.
        var resumed = await CliProcess.RunAsync(workspace.Root, ["resume", "--home", workspace.Home, "--plain", "--update-interval", "100ms", "--alert-stall-after", "10m"]);

        Assert.True(resumed.ExitCode == 1, resumed.ToString());
        var alerts = AlertCenter.ReadFile(alertsFile);
        Assert.Equal(AlertState.Resolved, Assert.Single(alerts, a => a.Name == AlertNames.RunStalled).State);
        // bad is still failed for good: its one alert goes on; no second one fired beside it.
        Assert.Equal(AlertState.Firing, Assert.Single(alerts, a => a.Name == AlertNames.PersistentFailures).State);
    }

    [GeneratedRegex(@"Dashboard: (?<base>http://127\.0\.0\.1:\d+/)#token=")]
    private static partial Regex DashboardBase();

    [GeneratedRegex(@"TaskMaster run (?<id>run-[0-9a-z-]+):")]
    private static partial Regex RunId();
}
