using System.Text.Json;
using TaskMaster.Cli.Tests.Support;

namespace TaskMaster.Cli.Tests.Commands;

public sealed class RetryCommandTests
{
    private const string Queue = """
        # Queue: retried

        ### ok: Fine
        - run: `echo fine`

        ### bad: Fails until fixed
        - run: `test -e fixed`

        ### after: After the fix
        - depends: bad
        - run: `echo after`

        ### other: Fails for another reason
        - run: `test -e other-fixed`
        """;

    private static Task<CliResult> Retry(QueueWorkspace workspace, params string[] args) =>
        CliProcess.RunAsync(workspace.Root, ["retry", "--home", workspace.Home, "--plain", .. args]);

    private static async Task<JsonElement> Json(QueueWorkspace workspace, params string[] command)
    {
        var result = await CliProcess.RunAsync(workspace.Root, [.. command, "--home", workspace.Home, "--format", "json"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonDocument.Parse(result.Stdout).RootElement.Clone();
    }

    private static async Task<QueueWorkspace> FailedRunAsync()
    {
        var workspace = new QueueWorkspace(Queue);
        var failed = await workspace.ExecuteAsync();
        Assert.True(failed.ExitCode == 1, failed.ToString());
        return workspace;
    }

    private static string[] Journal(QueueWorkspace workspace) => workspace.JournalText().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public async Task Retry_FixedFailures_TheFailedAndBlockedTasksRunAgainInTheSameRunAndItSucceeds()
    {
        using var workspace = await FailedRunAsync();
        File.WriteAllText(workspace.PathOf("fixed"), "");
        File.WriteAllText(workspace.PathOf("other-fixed"), "");

        var result = await Retry(workspace, "--reason", "the fixture is back");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("3 tasks run again: bad (attempt 2), after (attempt 1), other (attempt 2)", result.Stdout, StringComparison.Ordinal);
        Assert.Single(workspace.Journals());
        var retried = Assert.Single(Journal(workspace), l => l.Contains("\"type\":\"TasksRetried\"", StringComparison.Ordinal));
        Assert.Contains("\"taskIds\":[\"bad\",\"after\",\"other\"]", retried, StringComparison.Ordinal);
        Assert.Contains("\"reason\":\"the fixture is back\"", retried, StringComparison.Ordinal);
        var started = Journal(workspace).Where(l => l.Contains("\"type\":\"TaskStarted\"", StringComparison.Ordinal)).ToList();
        Assert.Contains(started, l => l.Contains("\"taskId\":\"bad\",\"attempt\":2", StringComparison.Ordinal));
        Assert.Contains(started, l => l.Contains("\"taskId\":\"after\",\"attempt\":1", StringComparison.Ordinal));
        Assert.Equal(1, started.Count(l => l.Contains("\"taskId\":\"ok\"", StringComparison.Ordinal)));

        var status = await Json(workspace, "status");
        var report = await Json(workspace, "report");
        var runs = await Json(workspace, "runs");
        Assert.Equal(("completed", 4, 0, 0), (status.GetProperty("state").GetString(), status.GetProperty("task_counts").GetProperty("succeeded").GetInt32(),
            status.GetProperty("task_counts").GetProperty("failed").GetInt32(), status.GetProperty("task_counts").GetProperty("blocked").GetInt32()));
        Assert.Equal(("completed", 4, 0, 0), (report.GetProperty("state").GetString(), report.GetProperty("counts").GetProperty("succeeded").GetInt32(),
            report.GetProperty("counts").GetProperty("failed").GetInt32(), report.GetProperty("counts").GetProperty("blocked").GetInt32()));
        var run = runs.GetProperty("runs").EnumerateArray().Single();
        Assert.Equal((status.GetProperty("run_id").GetString(), "completed"), (run.GetProperty("run_id").GetString(), run.GetProperty("state").GetString()));
        var log = await CliProcess.RunAsync(workspace.Root, "logs", "bad", "--home", workspace.Home);
        Assert.Contains("=== attempt 2 ended ", log.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retry_WithTheMonitor_ItsTasksMetricsAndRunListShowTheRetriedRunSucceeding()
    {
        using var workspace = await FailedRunAsync();
        File.WriteAllText(workspace.PathOf("fixed"), "");
        File.WriteAllText(workspace.PathOf("other-fixed"), "");
        await using var retry = CliProcess.Start(workspace.Root, "retry", "--home", workspace.Home, "--plain",
            "--monitor", "--monitor-port", "0", "--monitor-linger", "10m");
        using var http = await MonitorAddress.ClientAsync(retry);
        await retry.WaitForOutputAsync("keeps showing its final state");

        var tasks = JsonDocument.Parse(await http.GetStringAsync("api/v1/tasks")).RootElement.GetProperty("tasks").EnumerateArray()
            .ToDictionary(t => t.GetProperty("id").GetString()!, t => (t.GetProperty("state").GetString(), t.GetProperty("attempt").GetInt32()));
        var metrics = await http.GetStringAsync("metrics");
        var runs = JsonDocument.Parse(await http.GetStringAsync("api/v1/runs")).RootElement.GetProperty("runs");
        retry.Signal(2);
        var result = await retry.WaitForExitAsync();

        Assert.Equal(("succeeded", 2), tasks["bad"]);
        Assert.Equal(("succeeded", 1), tasks["after"]);
        Assert.Equal(("succeeded", 1), tasks["ok"]);
        Assert.Contains("taskmaster_tasks{state=\"succeeded\"} 4", metrics, StringComparison.Ordinal);
        Assert.Contains("taskmaster_tasks{state=\"failed\"} 0", metrics, StringComparison.Ordinal);
        Assert.Equal("completed", Assert.Single(runs.EnumerateArray()).GetProperty("state").GetString());
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task Retry_NamedTask_RunsOnlyItAndTheTasksItHeldBack()
    {
        using var workspace = await FailedRunAsync();
        File.WriteAllText(workspace.PathOf("fixed"), "");

        var result = await Retry(workspace, "--task", "bad");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("2 tasks run again: bad (attempt 2), after (attempt 1)", result.Stdout, StringComparison.Ordinal);
        var counts = (await Json(workspace, "status")).GetProperty("task_counts");
        Assert.Equal((3, 1, 0), (counts.GetProperty("succeeded").GetInt32(), counts.GetProperty("failed").GetInt32(), counts.GetProperty("blocked").GetInt32()));
        Assert.Single(Journal(workspace), l => l.Contains("\"taskId\":\"other\",\"attempt\"", StringComparison.Ordinal) && l.Contains("TaskStarted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Retry_TaskThatDidNotFailOrDoesNotExist_RefusedWithTheReasonAndNothingRuns()
    {
        using var workspace = await FailedRunAsync();
        var before = Journal(workspace).Length;

        var succeeded = await Retry(workspace, "--task", "ok");
        var unknown = await Retry(workspace, "--task", "bda");
        var heldBack = await Retry(workspace, "--task", "after");

        Assert.Equal((2, 2, 2), (succeeded.ExitCode, unknown.ExitCode, heldBack.ExitCode));
        Assert.Contains("'ok' has succeeded: only failed, cancelled or blocked tasks run again", succeeded.Stderr, StringComparison.Ordinal);
        Assert.Contains("the run has no task 'bda'; did you mean 'bad'?", unknown.Stderr, StringComparison.Ordinal);
        Assert.Contains("'after' is blocked by 'bad', which failed and is not retried", heldBack.Stderr, StringComparison.Ordinal);
        Assert.All(new[] { succeeded, unknown, heldBack }, r => Assert.Contains("nothing was run", r.Stderr, StringComparison.Ordinal));
        Assert.Equal(before, Journal(workspace).Length);
    }

    [Fact]
    public async Task Retry_QueueFileEditedSinceTheRun_RefusedInOneLineSayingWhyAndWhatToDoAndNothingRuns()
    {
        using var workspace = await FailedRunAsync();
        File.WriteAllText(workspace.QueueFile, Queue.Replace("test -e fixed", "true", StringComparison.Ordinal));

        var result = await Retry(workspace);

        Assert.Equal(4, result.ExitCode);
        var first = result.Stderr.Split('\n')[0];
        Assert.Matches(@"^task-master: .*task-queue\.md changed since run run-\S+ ran it \(hash [0-9a-f]{12} now, [0-9a-f]{12} then\), and a run is retried only with the queue it ran: nothing was run\.", first);
        Assert.Contains("'task-master execute --queue ", first, StringComparison.Ordinal);
        Assert.DoesNotContain(Journal(workspace), l => l.Contains("\"type\":\"TasksRetried\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Retry_RunWithNothingFailed_Refused()
    {
        using var workspace = await FailedRunAsync();
        File.WriteAllText(workspace.PathOf("fixed"), "");
        File.WriteAllText(workspace.PathOf("other-fixed"), "");
        Assert.Equal(0, (await Retry(workspace)).ExitCode);

        var again = await Retry(workspace);

        Assert.Equal(2, again.ExitCode);
        Assert.Contains("no task has failed or is blocked: nothing to retry", again.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retry_RunStillRunning_RefusedPointingToOverride()
    {
        using var workspace = new QueueWorkspace("""
            # Queue: long

            ### long: Long
            - run: `sleep 300`
            """);
        await using var executor = workspace.StartExecute();
        await executor.WaitForOutputAsync("started    long");

        var result = await Retry(workspace);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is still running", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("task-master override --task ID --action retry", result.Stderr, StringComparison.Ordinal);
        executor.Signal(15);
        await executor.WaitForExitAsync();
    }

    [Fact]
    public async Task Retry_KilledWhileItRuns_ResumeFinishesTheRetry()
    {
        using var workspace = new QueueWorkspace("""
            # Queue: killed-retry

            ### slow: Fails, then waits to be released
            - run: `if [ -e fixed ]; then echo retrying >> marks.txt; while [ ! -e release ]; do sleep 0.05; done; else exit 1; fi`

            ### after: After it
            - depends: slow
            - run: `echo after >> marks.txt`
            """);
        Assert.Equal(1, (await workspace.ExecuteAsync()).ExitCode);
        File.WriteAllText(workspace.PathOf("fixed"), "");
        await using (var retry = CliProcess.Start(workspace.Root, "retry", "--home", workspace.Home, "--plain"))
        {
            await FileWait.UntilAsync(workspace.PathOf("marks.txt"), t => t.Contains("retrying", StringComparison.Ordinal));
            retry.Signal(9);
            await retry.WaitForExitAsync();
        }
        File.WriteAllText(workspace.PathOf("release"), "");

        var resumed = await CliProcess.RunAsync(workspace.Root, "resume", "--home", workspace.Home, "--plain");

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Single(Journal(workspace), l => l.Contains("\"type\":\"TasksRetried\"", StringComparison.Ordinal));
        Assert.Contains("started    slow (attempt 3)", resumed.Stdout, StringComparison.Ordinal);
        Assert.Equal("after", File.ReadAllLines(workspace.PathOf("marks.txt"))[^1]);
        Assert.Equal("completed", (await Json(workspace, "status")).GetProperty("state").GetString());
    }
}
