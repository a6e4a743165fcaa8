using System.Text.Json;
using TaskMaster.Cli.Tests.Support;
using TaskMaster.Core.Policies;

namespace TaskMaster.Cli.Tests.Commands;

public sealed class StatusCommandTests
{
    private const string Queue = """
        # Queue: status

        ### first: Quick
        - run: `true`

        ### long: Long one
        - depends: first
        - run: `echo "::progress 30 warming up"; sleep 300`

        ### after: After
        - depends: long
        - run: `true`
        """;

    private static Task<CliResult> Status(QueueWorkspace workspace, params string[] extra) =>
        CliProcess.RunAsync(workspace.Root, ["status", "--home", workspace.Home, .. extra]);

    /// <summary>Runs <c>status --format json</c> and parses what it printed.</summary>
    private static async Task<JsonElement> StatusJson(QueueWorkspace workspace, params string[] extra)
    {
        var result = await Status(workspace, ["--format", "json", .. extra]);
        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        return json.RootElement.Clone();
    }

    private static async Task<CliProcess> StartLongRun(QueueWorkspace workspace, params string[] options)
    {
        var executor = workspace.StartExecute(options);
        try
        {
            await executor.WaitForOutputAsync("started    long");
            return executor;
        }
        catch
        {
            await executor.DisposeAsync();
            throw;
        }
    }

    private static async Task Stop(CliProcess executor)
    {
        executor.Signal(15);
        await executor.WaitForExitAsync();
    }

    [Fact]
    public async Task Status_WhileARunRuns_LiveJsonWithTheRunningTask()
    {
        using var workspace = new QueueWorkspace(Queue);
        await using var executor = await StartLongRun(workspace);

        var status = await StatusJson(workspace);

        Assert.True(status.GetProperty("live").GetBoolean());
        Assert.Equal("running", status.GetProperty("state").GetString());
        Assert.StartsWith("run-", status.GetProperty("run_id").GetString());
        Assert.Equal(workspace.QueueFile, status.GetProperty("queue").GetProperty("path").GetString());
        var running = Assert.Single(status.GetProperty("current_tasks").EnumerateArray());
        Assert.Equal(("long", "Long one", 1), (running.GetProperty("id").GetString(), running.GetProperty("title").GetString(), running.GetProperty("attempt").GetInt32()));
        var counts = status.GetProperty("task_counts");
        Assert.Equal((3, 1, 1, 1), (counts.GetProperty("total").GetInt32(), counts.GetProperty("succeeded").GetInt32(),
            counts.GetProperty("running").GetInt32(), counts.GetProperty("pending").GetInt32()));
        Assert.InRange(status.GetProperty("progress").GetProperty("percent").GetDouble(), 100.0 / 3, 100);
        Assert.Equal(1.0, status.GetProperty("autonomy_score").GetDouble());
        Assert.Equal(0.0, status.GetProperty("error_rate").GetDouble());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("monitor_url").ValueKind);
        Assert.True(status.TryGetProperty("eta_seconds", out _));
        Assert.True(status.TryGetProperty("last_checkpoint", out _));
        await Stop(executor);
    }

    [Fact]
    public async Task Status_IncludeResources_MeasuresTheExecutorAgainstItsBudget()
    {
        using var workspace = new QueueWorkspace(Queue);
        await using var executor = await StartLongRun(workspace);

        var resources = (await StatusJson(workspace, "--include-resources")).GetProperty("resources");

        Assert.True(resources.GetProperty("cpu_percent").GetDouble() >= 0);
        Assert.True(resources.GetProperty("memory_bytes").GetInt64() > 0);
        Assert.Equal(MemoryBudget.Default.For(3), resources.GetProperty("memory_budget_bytes").GetInt64());
        Assert.True(resources.GetProperty("disk_read_bytes").GetInt64() >= 0);
        Assert.True(resources.GetProperty("disk_write_bytes").GetInt64() >= 0);
        await Stop(executor);
    }

    [Fact]
    public async Task Status_MemoryBudgetOption_IsTheBudgetTheExecutorIsMeasuredAgainst()
    {
        using var workspace = new QueueWorkspace(Queue);
        await using var executor = await StartLongRun(workspace, "--memory-budget", "1Gi+4Mi");

        var resources = (await StatusJson(workspace, "--include-resources")).GetProperty("resources");

        Assert.Equal((1L << 30) + (long)((4L << 20) * Math.Sqrt(3)), resources.GetProperty("memory_budget_bytes").GetInt64());
        await Stop(executor);
    }

    [Fact]
    public async Task Status_Detailed_ListsTasksThatLeftPending()
    {
        using var workspace = new QueueWorkspace(Queue);
        await using var executor = await StartLongRun(workspace);

        var status = await StatusJson(workspace, "--detailed");

        var tasks = status.GetProperty("tasks").EnumerateArray().Select(t => (t.GetProperty("id").GetString(), t.GetProperty("state").GetString())).ToList();
        Assert.Equal([("first", "succeeded"), ("long", "running")], tasks);
        Assert.Empty(status.GetProperty("recent_errors").EnumerateArray());
        await Stop(executor);
    }

    [Fact]
    public async Task Status_AfterTheRunCompleted_LastKnownStateCompleted()
    {
        using var workspace = new QueueWorkspace(Queue.Replace("sleep 300", "true"));
        var run = await workspace.ExecuteAsync();
        Assert.True(run.ExitCode == 0, run.ToString());

        var status = await StatusJson(workspace);

        Assert.False(status.GetProperty("live").GetBoolean());
        Assert.Equal("completed", status.GetProperty("state").GetString());
        Assert.Equal(3, status.GetProperty("task_counts").GetProperty("succeeded").GetInt32());
        Assert.Equal((100.0, 0.0), (status.GetProperty("progress").GetProperty("percent").GetDouble(), status.GetProperty("eta_seconds").GetDouble()));
        Assert.Empty(status.GetProperty("current_tasks").EnumerateArray());
        Assert.True(File.Exists(status.GetProperty("last_checkpoint").GetProperty("path").GetString()));
    }

    [Fact]
    public async Task Status_AfterTheRunWasStopped_StoppedWithItsReasonAndCounts()
    {
        using var workspace = await InterruptedRun.CreateAsync();

        var status = await StatusJson(workspace, "--include-resources");

        Assert.Equal(("stopped", false), (status.GetProperty("state").GetString(), status.GetProperty("live").GetBoolean()));
        Assert.Contains("SIGINT", status.GetProperty("state_reason").GetString());
        var counts = status.GetProperty("task_counts");
        Assert.Equal((1, 1, 1, 0), (counts.GetProperty("succeeded").GetInt32(), counts.GetProperty("ready").GetInt32(),
            counts.GetProperty("pending").GetInt32(), counts.GetProperty("running").GetInt32()));
        Assert.Equal(JsonValueKind.Null, status.GetProperty("resources").ValueKind);
    }

    [Fact]
    public async Task Status_TableFormat_ShowsTheRunForPeople()
    {
        using var workspace = new QueueWorkspace(Queue.Replace("sleep 300", "true"));
        await workspace.ExecuteAsync();

        var result = await Status(workspace);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("completed", result.Stdout);
        Assert.Contains("3 succeeded", result.Stdout);
        Assert.Contains("last known state", result.Stdout);
    }

    [Fact]
    public async Task Status_NoRunInTheHome_SaysSoAndExits1()
    {
        using var workspace = new QueueWorkspace(Queue);

        var result = await Status(workspace);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no run in", result.Stderr);
    }

    [Fact]
    public async Task Status_WrongToken_Refused()
    {
        using var workspace = new QueueWorkspace(Queue);
        await using var executor = await StartLongRun(workspace);
        File.WriteAllText(Path.Combine(workspace.Home, "control.token"), "not-the-token");

        var result = await Status(workspace);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("refused", result.Stderr);
        Assert.Contains("token", result.Stderr);
        await Stop(executor);
    }
}
