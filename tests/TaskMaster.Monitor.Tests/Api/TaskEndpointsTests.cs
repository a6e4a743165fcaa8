using System.Net;
using System.Text.Json;
using TaskMaster.Core.Events;
using TaskMaster.Core.Queue;
using TaskMaster.Monitor.Tests.Support;
using static TaskMaster.Core.Tests.TestQueues;

namespace TaskMaster.Monitor.Tests.Api;

public sealed class TaskEndpointsTests
{
    private static QueueDefinition Queue() => new("build", "", "/tmp/task-queue.md", null,
        [new PhaseDefinition("Build", "compile it", 3)],
        [
            TaskDef("fetch") with { Title = "Fetch <sources>", Phase = "Build", Estimate = TimeSpan.FromSeconds(30) },
            TaskDef("compile", "fetch") with { Description = "Compiles.", Phase = "Build", Retries = 2, Critical = true },
        ], "hash");

    [Fact]
    public async Task Graph_ListsPhasesAndTasksWithTheirDependencies()
    {
        await using var run = await MonitoredRun.StartAsync(Queue(), _ => null);

        var graph = await GetJson(run, "api/v1/graph");

        Assert.Equal(MonitoredRun.RunId, graph.GetProperty("run_id").GetString());
        Assert.Equal("build", graph.GetProperty("queue").GetProperty("name").GetString());
        Assert.Equal("Build", graph.GetProperty("phases")[0].GetProperty("name").GetString());
        var compile = graph.GetProperty("tasks")[1];
        Assert.Equal("compile", compile.GetProperty("id").GetString());
        Assert.Equal("fetch", compile.GetProperty("depends_on")[0].GetString());
        Assert.True(compile.GetProperty("critical").GetBoolean());
        Assert.Equal(JsonValueKind.Null, compile.GetProperty("estimate_seconds").ValueKind);
        Assert.Equal(30, graph.GetProperty("tasks")[0].GetProperty("estimate_seconds").GetDouble());
    }

    [Fact]
    public async Task Tasks_ListsEveryTaskRowWithTheSequence()
    {
        await using var run = await MonitoredRun.StartAsync(Queue(), _ => null);
        await run.Recorder.WaitFor<TaskStarted>(s => s.TaskId == "fetch");

        var tasks = await GetJson(run, "api/v1/tasks");

        Assert.True(tasks.GetProperty("sequence").GetInt64() >= 2);
        var rows = tasks.GetProperty("tasks");
        Assert.Equal(2, rows.GetArrayLength());
        var fetch = rows[0];
        Assert.Equal("running", fetch.GetProperty("state").GetString());
        Assert.Equal(1, fetch.GetProperty("attempt").GetInt32());
        Assert.NotEqual(JsonValueKind.Null, fetch.GetProperty("started_at").ValueKind);
        foreach (var field in new[] { "max_attempts", "progress", "progress_message", "ended_at", "duration_seconds", "last_error", "blocked_by", "next_retry_at" })
            Assert.True(fetch.TryGetProperty(field, out _), $"no {field}");
        Assert.Equal("pending", rows[1].GetProperty("state").GetString());
        Assert.Equal(3, rows[1].GetProperty("max_attempts").GetInt32());
    }

    [Fact]
    public async Task TaskDetails_AddTheDefinitionAndTheLastFiftyLogLinesAsPlainText()
    {
        await using var run = await MonitoredRun.StartAsync(Queue(), _ => null);
        var log = run.Run.Home.TaskLogPath(MonitoredRun.RunId, "fetch");
        Directory.CreateDirectory(Path.GetDirectoryName(log)!);
        await File.WriteAllLinesAsync(log, Enumerable.Range(1, 60).Select(i => $"line {i} <b>&amp;</b>"));

        var details = await GetJson(run, "api/v1/tasks/fetch");

        Assert.Equal("Fetch <sources>", details.GetProperty("title").GetString());
        Assert.Equal("Build", details.GetProperty("phase").GetString());
        Assert.Equal("compile", details.GetProperty("dependents")[0].GetString());
        Assert.Equal(log, details.GetProperty("log_path").GetString());
        var tail = details.GetProperty("log_tail").GetString()!.Split('\n');
        Assert.Equal(50, tail.Length);
        Assert.Equal("line 11 <b>&amp;</b>", tail[0]);
        Assert.Equal("line 60 <b>&amp;</b>", tail[^1]);
    }

    [Fact]
    public async Task TaskDetails_UnknownTask_Is404()
    {
        await using var run = await MonitoredRun.StartAsync(Queue(), _ => null);

        var response = await run.Http.GetAsync("api/v1/tasks/nope");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static async Task<JsonElement> GetJson(MonitoredRun run, string path)
    {
        var response = await run.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }
}
