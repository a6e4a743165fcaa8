using System.Text.Json;
using System.Text.Json.Nodes;
using TaskMaster.Cli.Tests.Support;

namespace TaskMaster.Cli.Tests.Commands;

public sealed class RunsCommandTests
{
    private const string Queue = """
        # Queue: managed

        ### ok: Fine
        - run: `echo fine`

        ### bad: Needs a fix
        - run: `test -e fixed`

        ### after: After the fix
        - depends: bad
        - run: `echo after`
        """;

    private const string HeldQueue = """
        # Queue: held

        ### first: Quick
        - run: `true`

        ### held: Held until released
        - depends: first
        - run: `while [ ! -e release ]; do sleep 0.05; done`
        """;

    private static async Task<JsonArray> RunsJson(QueueWorkspace workspace)
    {
        var result = await CliProcess.RunAsync(workspace.Root, "runs", "--home", workspace.Home, "--format", "json");
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonNode.Parse(result.Stdout)!["runs"]!.AsArray();
    }

    private static string CurrentRun(QueueWorkspace workspace) => File.ReadAllText(Path.Combine(workspace.Home, "current-run")).Trim();

    [Fact]
    public async Task Runs_AFailedRunThenACompletedOne_NewestFirstAndTheFailedOneNeverReadsAsDone()
    {
        using var workspace = new QueueWorkspace(Queue);
        Assert.Equal(1, (await workspace.ExecuteAsync()).ExitCode);
        var failed = CurrentRun(workspace);
        File.WriteAllText(workspace.PathOf("fixed"), "");
        Assert.Equal(0, (await workspace.ExecuteAsync()).ExitCode);
        var completed = CurrentRun(workspace);

        var runs = await RunsJson(workspace);
        var table = await CliProcess.RunAsync(workspace.Root, "runs", "--home", workspace.Home);

        Assert.Equal([completed, failed], runs.Select(r => r!["run_id"]!.GetValue<string>()));
        Assert.Equal(("completed", "failed"), (runs[0]!["state"]!.GetValue<string>(), runs[1]!["state"]!.GetValue<string>()));
        var counts = runs[1]!["counts"]!;
        Assert.Equal((3, 1, 1, 1, 0, 0, 0), (counts["total"]!.GetValue<int>(), counts["succeeded"]!.GetValue<int>(), counts["failed"]!.GetValue<int>(),
            counts["blocked"]!.GetValue<int>(), counts["skipped"]!.GetValue<int>(), counts["running"]!.GetValue<int>(), counts["pending"]!.GetValue<int>()));
        Assert.All(runs, r =>
        {
            Assert.Equal(("managed", workspace.QueueFile), (r!["queue"]!["name"]!.GetValue<string>(), r["queue"]!["path"]!.GetValue<string>()));
            Assert.False(r["live"]!.GetValue<bool>());
            Assert.True(r["ended_at"]!.GetValue<DateTimeOffset>() >= r["started_at"]!.GetValue<DateTimeOffset>());
            Assert.InRange(r["duration_seconds"]!.GetValue<double>(), 0, 60);
            Assert.Null(r["problem"]);
        });
        Assert.True(table.ExitCode == 0, table.ToString());
        var failedLine = table.Stdout.Split('\n').Single(l => l.Contains(failed, StringComparison.Ordinal));
        Assert.Contains("failed", failedLine, StringComparison.Ordinal);
        Assert.Contains("3 of 3 tasks finished: 1 succeeded, 1 failed, 1 blocked", failedLine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runs_QueueFileChangedAfterItsRuns_ARunListedBeforeKeepsItsLineAndTheOtherSaysWhy()
    {
        using var workspace = new QueueWorkspace(Queue);
        await workspace.ExecuteAsync();
        var listed = CurrentRun(workspace);
        await RunsJson(workspace);
        await workspace.ExecuteAsync();
        var unlisted = CurrentRun(workspace);
        File.AppendAllText(workspace.QueueFile, "\n### extra: Added later\n- run: `true`\n");

        var runs = await RunsJson(workspace);

        var kept = runs.Single(r => r!["run_id"]!.GetValue<string>() == listed)!;
        Assert.Equal(("failed", 1), (kept["state"]!.GetValue<string>(), kept["counts"]!["failed"]!.GetValue<int>()));
        var unknown = runs.Single(r => r!["run_id"]!.GetValue<string>() == unlisted)!;
        Assert.Null(unknown["state"]);
        Assert.Null(unknown["counts"]);
        Assert.Equal("managed", unknown["queue"]!["name"]!.GetValue<string>());
        Assert.Contains("changed since the checkpoint", unknown["problem"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runs_WhileARunRuns_ItComesFromItsExecutorAndTheMonitorServesTheSameJson()
    {
        using var workspace = new QueueWorkspace(HeldQueue);
        File.WriteAllText(workspace.PathOf("release"), "");
        Assert.Equal(0, (await workspace.ExecuteAsync()).ExitCode);
        var finished = CurrentRun(workspace);
        File.Delete(workspace.PathOf("release"));
        await using var executor = workspace.StartExecute("--monitor", "--monitor-port", "0");
        using var http = await MonitorAddress.ClientAsync(executor);
        await executor.WaitForOutputAsync("started    held");

        var runs = await RunsJson(workspace);
        var served = JsonNode.Parse(await http.GetStringAsync("api/v1/runs"))!["runs"]!.AsArray();

        var live = runs[0]!;
        Assert.NotEqual(finished, live["run_id"]!.GetValue<string>());
        Assert.Equal(("running", true, 1, 1), (live["state"]!.GetValue<string>(), live["live"]!.GetValue<bool>(),
            live["counts"]!["running"]!.GetValue<int>(), live["counts"]!["succeeded"]!.GetValue<int>()));
        Assert.Null(live["ended_at"]);
        Assert.Equal((finished, "completed"), (runs[1]!["run_id"]!.GetValue<string>(), runs[1]!["state"]!.GetValue<string>()));
        // The same JSON, but for the live run's duration, which grew between the two asks.
        foreach (var list in new[] { runs, served }) list[0]!.AsObject().Remove("duration_seconds");
        Assert.True(JsonNode.DeepEquals(runs, served), $"runs: {runs.ToJsonString()}\nserved: {served.ToJsonString()}");
        File.WriteAllText(workspace.PathOf("release"), "");
        Assert.Equal(0, (await executor.WaitForExitAsync()).ExitCode);
    }

    [Fact]
    public async Task Runs_EmptyHome_ListsNothingAndSaysSo()
    {
        using var workspace = new QueueWorkspace(Queue);

        var table = await CliProcess.RunAsync(workspace.Root, "runs", "--home", workspace.Home);
        var runs = await RunsJson(workspace);

        Assert.Equal(0, table.ExitCode);
        Assert.Contains("No runs in", table.Stderr, StringComparison.Ordinal);
        Assert.Empty(runs);
    }
}
