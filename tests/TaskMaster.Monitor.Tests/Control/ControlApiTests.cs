using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using TaskMaster.Core.Scheduling;
using TaskMaster.Monitor.Tests.Support;
using static TaskMaster.Core.Tests.TestQueues;

namespace TaskMaster.Monitor.Tests.Control;

public sealed class ControlApiTests
{
    [Fact]
    public async Task GetStatus_WithoutToken_AnswersTheDocumentedFields()
    {
        await using var run = await MonitoredRun.StartAsync(Diamond(), _ => null);
        await run.Executor.WaitForLaunch(1).Task.WaitAsync(TimeSpan.FromSeconds(10));

        var response = await run.Http.GetAsync("v1/status?detailed=true&include_resources=true");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // docs/status.md's shape, as `task-master status --format json` prints it: snake_case, enums as words, nulls.
        var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(MonitoredRun.RunId, status.GetProperty("run_id").GetString());
        Assert.Equal("running", status.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("state_reason").ValueKind);
        Assert.Equal(4, status.GetProperty("task_counts").GetProperty("total").GetInt32());
        Assert.Equal(1, status.GetProperty("task_counts").GetProperty("running").GetInt32());
        Assert.Equal("a", status.GetProperty("current_tasks")[0].GetProperty("id").GetString());
        Assert.Equal("running", status.GetProperty("tasks")[0].GetProperty("state").GetString());
        foreach (var field in new[] { "live", "queue", "started_at", "progress", "autonomy_score", "eta_seconds", "resources", "recent_errors" })
            Assert.True(status.TryGetProperty(field, out _), $"no {field}");
    }

    [Fact]
    public async Task GetStatus_NoDetailsAsked_ListsNone()
    {
        await using var run = await MonitoredRun.StartAsync(Diamond(), _ => null);
        await run.Executor.WaitForLaunch(1).Task.WaitAsync(TimeSpan.FromSeconds(10));

        var status = JsonDocument.Parse(await run.Http.GetStringAsync("v1/status")).RootElement;

        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null), (status.GetProperty("tasks").ValueKind, status.GetProperty("resources").ValueKind));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-token")]
    [InlineData("test-token-0123456789")]
    public async Task TakeCheckpoint_WithoutTheToken_IsRefusedWith401AndChangesNothing(string? authorization)
    {
        await using var run = await MonitoredRun.StartAsync(Diamond(), _ => null);

        var response = await run.Http.SendAsync(Post("v1/checkpoints", authorization, origin: null));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, run.Control.CheckpointsTaken);
    }

    [Theory]
    [InlineData("http://evil.example")]
    [InlineData("null")]
    public async Task TakeCheckpoint_FromAForeignOrigin_IsRefusedWith403EvenWithTheToken(string origin)
    {
        await using var run = await MonitoredRun.StartAsync(Diamond(), _ => null);

        var response = await run.Http.SendAsync(Post("v1/checkpoints", "Bearer " + MonitoredRun.Token, origin));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, run.Control.CheckpointsTaken);
    }

    [Fact]
    public async Task TakeCheckpoint_NotJson_IsRefusedWith415()
    {
        await using var run = await MonitoredRun.StartAsync(Diamond(), _ => null);
        var request = Post("v1/checkpoints", "Bearer " + MonitoredRun.Token, origin: null);
        request.Content = new StringContent("force=true", Encoding.UTF8, "application/x-www-form-urlencoded");

        var response = await run.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(0, run.Control.CheckpointsTaken);
    }

    [Fact]
    public async Task TakeCheckpoint_WithTheTokenFromItsOwnOrigin_TakesOne()
    {
        await using var run = await MonitoredRun.StartAsync(Diamond(), _ => null);
        var ownOrigin = run.Server.Url.GetLeftPart(UriPartial.Authority);

        var response = await run.Http.SendAsync(Post("v1/checkpoints", "Bearer " + MonitoredRun.Token, ownOrigin));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var taken = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("/tmp/checkpoint-1.json", taken.GetProperty("path").GetString());
        Assert.Equal(1, run.Control.CheckpointsTaken);
    }

    [Fact]
    public async Task PauseRun_WithTheToken_PausesAndWithoutItDoesNot()
    {
        await using var run = await MonitoredRun.StartAsync(Diamond(), _ => null);

        var refused = await run.Http.SendAsync(Post("v1/run:pause", authorization: null, origin: null));
        var paused = await run.Http.SendAsync(Post("v1/run:pause", "Bearer " + MonitoredRun.Token, origin: null));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, paused.StatusCode);
        Assert.Equal(["pause"], run.Control.Steering);
    }

    [Fact]
    public async Task OverrideTask_WithTheToken_NamesTheTaskAndTheAction()
    {
        await using var run = await MonitoredRun.StartAsync(Diamond(), _ => null);
        var request = Post("v1/tasks/b:override", "Bearer " + MonitoredRun.Token, origin: null);
        request.Content = new StringContent("""{"action":"OVERRIDE_ACTION_SKIP"}""", Encoding.UTF8, "application/json");

        var response = await run.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["override b Skip"], run.Control.Steering);
    }

    private static HttpRequestMessage Post(string path, string? authorization, string? origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent("""{"force":true}""", Encoding.UTF8, "application/json") };
        if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        if (origin is not null) request.Headers.TryAddWithoutValidation("Origin", origin);
        return request;
    }
}
