using TaskMaster.Monitor.Tests.Support;
using static TaskMaster.Core.Tests.TestQueues;

namespace TaskMaster.Monitor.Tests.Security;

public sealed class OriginPolicyTests
{
    [Fact]
    public async Task Read_FromOriginNull_IsSharedWithIt()
    {
        await using var run = await MonitoredRun.StartAsync(Diamond(), _ => null);

        var response = await run.Http.SendAsync(Get("api/v1/graph", "null"));

        Assert.Equal("null", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
    }

    [Theory]
    [InlineData("http://evil.example")]
    [InlineData(null)]
    public async Task Read_FromAnyOtherOrigin_IsNotShared(string? origin)
    {
        await using var run = await MonitoredRun.StartAsync(Diamond(), _ => null);

        var response = await run.Http.SendAsync(Get("api/v1/graph", origin));

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private static HttpRequestMessage Get(string path, string? origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (origin is not null) request.Headers.TryAddWithoutValidation("Origin", origin);
        return request;
    }
}
