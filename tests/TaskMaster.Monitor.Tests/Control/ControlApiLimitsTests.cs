using System.Net;
using System.Text;
using System.Text.Json;
using TaskMaster.Monitor.Tests.Support;
using static TaskMaster.Core.Tests.TestQueues;

namespace TaskMaster.Monitor.Tests.Control;

/// <summary>The control API as JSON on the monitor's port: what it refuses, with a status and a JSON message, changing nothing.</summary>
public sealed class ControlApiLimitsTests
{
    private const string Token = "Bearer " + MonitoredRun.Token;

    [Fact]
    public async Task PauseRun_FiveMegabyteBody_413WithAJsonMessageAndNothingChanged()
    {
        await using var run = await MonitoredRun.StartAsync(Diamond(), _ => null);
        var body = JsonSerializer.Serialize(new { reason = new string('x', 5 << 20) });

        var response = await run.Http.SendAsync(Post("v1/run:pause", body));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("at most 65,536 bytes", await ErrorOf(response), StringComparison.Ordinal);
        Assert.Empty(run.Control.Steering);
    }

    [Fact]
    public async Task PauseRun_ChunkedBodyPastTheLimit_413AsWell()
    {
        await using var run = await MonitoredRun.StartAsync(Diamond(), _ => null);
        var request = Post("v1/run:pause", "");
        request.Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { reason = new string('x', 100_000) }))));
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TransferEncodingChunked = true;

        var response = await run.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(run.Control.Steering);
    }

    [Theory]
    [InlineData("v1/run:pause")]
    [InlineData("v1/run:continue")]
    [InlineData("v1/run:stop")]
    [InlineData("v1/tasks/b:override")]
    public async Task ControlCall_ReasonPastTheCap_400NamingTheLimitAndNothingChanged(string path)
    {
        await using var run = await MonitoredRun.StartAsync(Diamond(), _ => null);
        var body = JsonSerializer.Serialize(new { reason = new string('x', 1001), action = "OVERRIDE_ACTION_SKIP" });

        var response = await run.Http.SendAsync(Post(path, body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("reason is 1,001 characters long; at most 1,000", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(run.Control.Steering);
    }

    [Theory]
    [InlineData("bearer ")]
    [InlineData("BEARER ")]
    [InlineData("Bearer   ")]
    public async Task PauseRun_BearerSchemeInAnyCase_Accepted(string scheme)
    {
        await using var run = await MonitoredRun.StartAsync(Diamond(), _ => null);
        var request = Post("v1/run:pause", "{}", authorization: scheme + MonitoredRun.Token);

        var response = await run.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["pause"], run.Control.Steering);
    }

    [Theory]
    [InlineData("GET", "v1/checkpoints", "POST")]
    [InlineData("GET", "v1/run:pause", "POST")]
    [InlineData("GET", "v1/run:continue", "POST")]
    [InlineData("GET", "v1/run:stop", "POST")]
    [InlineData("GET", "v1/tasks/b:override", "POST")]
    [InlineData("DELETE", "v1/run:pause", "POST")]
    [InlineData("POST", "v1/status", "GET")]
    [InlineData("POST", "api/v1/tasks", "GET")]
    [InlineData("POST", "api/v1/graph", "GET")]
    [InlineData("PUT", "api/v1/tasks/a", "GET")]
    public async Task Endpoint_WrongMethod_405WithAllowAndAJsonMessage(string method, string path, string allowed)
    {
        await using var run = await MonitoredRun.StartAsync(Diamond(), _ => null);
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method != "GET") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");

        var response = await run.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains(allowed, response.Content.Headers.Allow);
        Assert.Contains($"{method} is not allowed on /{path}; use {allowed}", await ErrorOf(response), StringComparison.Ordinal);
        Assert.Empty(run.Control.Steering);
    }

    [Fact]
    public async Task UnknownPath_404WithAJsonMessage()
    {
        await using var run = await MonitoredRun.StartAsync(Diamond(), _ => null);

        var response = await run.Http.GetAsync("v1/nope");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("no such endpoint: GET /v1/nope", await ErrorOf(response));
    }

    private static async Task<string> ErrorOf(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString()!;
    }

    private static HttpRequestMessage Post(string path, string body, string authorization = Token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return request;
    }
}
