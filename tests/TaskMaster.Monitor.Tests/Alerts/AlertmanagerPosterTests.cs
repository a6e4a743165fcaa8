using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TaskMaster.Monitor.Alerts;
using TaskMaster.Monitor.Tests.Support;

namespace TaskMaster.Monitor.Tests.Alerts;

public sealed class AlertmanagerPosterTests
{
    private static readonly DateTimeOffset Fired = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Resend = TimeSpan.FromMinutes(1);
    private readonly FakeTimeProvider _time = new(Fired);
    private readonly RecordingHandler _handler = new();

    private static Alert Failing(AlertState state = AlertState.Firing) => new(
        "PersistentFailures/build@1", AlertNames.PersistentFailures, AlertSeverity.Critical, state,
        "Task build failed for good", "1 failed attempt in a row; the last: exit code 2", Fired,
        state == AlertState.Resolved ? Fired.AddMinutes(2) : null,
        new Dictionary<string, string> { ["run_id"] = "run-1", ["task_id"] = "build" });

    private AlertmanagerPoster Poster() => new(
        new AlertmanagerOptions { Url = new Uri("http://127.0.0.1:9093/am"), ExternalUrl = "http://127.0.0.1:7420", ResendInterval = Resend, RetryDelay = TimeSpan.Zero },
        _time, NullLogger.Instance, _handler);

    [Fact]
    public async Task Enqueue_FiringAlert_PostsItToTheV2ApiWithLabelsAnnotationsAndAValidityOfFourResends()
    {
        await using var poster = Poster();

        poster.Enqueue(Failing());
        var (url, body) = await _handler.NextAsync();

        Assert.Equal("http://127.0.0.1:9093/am/api/v2/alerts", url.ToString());
        var alert = Assert.Single(body.EnumerateArray());
        Assert.Equal(["alertname", "run_id", "severity", "task_id"], alert.GetProperty("labels").EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("critical", alert.GetProperty("labels").GetProperty("severity").GetString());
        Assert.Equal("Task build failed for good", alert.GetProperty("annotations").GetProperty("summary").GetString());
        Assert.Equal("2026-11-24T12:00:00.000Z", alert.GetProperty("startsAt").GetString());
        Assert.Equal("2026-11-24T12:04:00.000Z", alert.GetProperty("endsAt").GetString());
        Assert.Equal("http://127.0.0.1:7420/api/v1/alerts", alert.GetProperty("generatorURL").GetString());
    }

    [Fact]
    public async Task ResendInterval_AlertStillFiring_PostsItAgainWithALaterEnd()
    {
        await using var poster = Poster();
        poster.Enqueue(Failing());
        await _handler.NextAsync();

        _time.Advance(Resend);
        var (_, body) = await _handler.NextAsync();

        var alert = Assert.Single(body.EnumerateArray());
        Assert.Equal("PersistentFailures", alert.GetProperty("labels").GetProperty("alertname").GetString());
        Assert.Equal("2026-11-24T12:05:00.000Z", alert.GetProperty("endsAt").GetString());
    }

    [Fact]
    public async Task Enqueue_ResolvedAlert_PostsItOnceWithTheEndItResolvedAt()
    {
        await using var poster = Poster();
        poster.Enqueue(Failing());
        await _handler.NextAsync();

        poster.Enqueue(Failing(AlertState.Resolved));
        var (_, body) = await _handler.NextAsync();

        var alert = Assert.Single(body.EnumerateArray());
        Assert.Equal("2026-11-24T12:02:00.000Z", alert.GetProperty("endsAt").GetString());
    }

    [Fact]
    public async Task Enqueue_TwoAlertsFiring_EachPostCarriesBoth()
    {
        await using var poster = Poster();
        poster.Enqueue(Failing());
        await _handler.NextAsync();

        poster.Enqueue(Failing() with { Id = "RunStalled@1", Name = AlertNames.RunStalled, Labels = new Dictionary<string, string> { ["run_id"] = "run-1" } });
        var (_, body) = await _handler.NextAsync();

        Assert.Equal(["PersistentFailures", "RunStalled"],
            body.EnumerateArray().Select(a => a.GetProperty("labels").GetProperty("alertname").GetString()).Order());
    }
}
