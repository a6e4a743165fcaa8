using System.Text;
using TaskMaster.Core.Events;
using TaskMaster.Core.Queue;
using TaskMaster.Monitor.Feed;
using TaskMaster.Monitor.Tests.Support;
using static TaskMaster.Core.Tests.TestQueues;

namespace TaskMaster.Monitor.Tests.Feed;

public sealed class FeedEndpointTests
{
    [Fact]
    public async Task Events_AStateChange_ArrivesAsAnUpdateWithTheChangedRows()
    {
        await using var run = await MonitoredRun.StartAsync(Diamond(), _ => null);
        await run.Executor.WaitForLaunch(1).Task.WaitAsync(TimeSpan.FromSeconds(10));
        using var feed = await SseReader.OpenAsync(run.Http);
        var hello = await feed.NextAsync();
        Assert.Equal("hello", hello?.Kind);
        Assert.Equal(MonitoredRun.RunId, hello!.Value.Data.GetProperty("run_id").GetString());
        run.Executor.Succeed("a");

        var update = await feed.WaitForAsync("update", u => u.GetProperty("tasks").EnumerateArray()
            .Any(t => t.GetProperty("id").GetString() == "a" && t.GetProperty("state").GetString() == "succeeded"), TimeSpan.FromSeconds(5));
        Assert.True(update.GetProperty("sequence").GetInt64() > hello.Value.Data.GetProperty("sequence").GetInt64());
        var ids = update.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("id").GetString()).ToList();
        Assert.Contains("b", ids); // ready now
        var summary = update.GetProperty("summary");
        Assert.Equal("running", summary.GetProperty("state").GetString());
        Assert.True(summary.TryGetProperty("recovery_rate", out _));
        Assert.True(summary.TryGetProperty("efficiency", out _));
        Assert.Contains(update.GetProperty("events").EnumerateArray(), e => e.GetProperty("type").GetString() == "TaskSucceeded");
        var succeededAt = update.GetProperty("events").EnumerateArray().Last().GetProperty("at").GetDateTimeOffset();
        Assert.True(update.GetProperty("published_at").GetDateTimeOffset() >= succeededAt);
    }

    [Fact]
    public async Task Events_AnOperatorSkip_ArrivesWithTheSkippedTaskAndItsFreedDependent()
    {
        await using var run = await MonitoredRun.StartAsync(QueueOf(TaskDef("stuck"), TaskDef("next", "stuck")), _ => null);
        await run.Executor.WaitForLaunch(1).Task.WaitAsync(TimeSpan.FromSeconds(10));
        using var feed = await SseReader.OpenAsync(run.Http);
        await feed.NextAsync();

        var skip = run.Scheduler.OverrideAsync("stuck", TaskMaster.Core.Events.OverrideAction.Skip, "test", CancellationToken.None);
        run.Executor.CancelAll();
        await skip.WaitAsync(TimeSpan.FromSeconds(10));

        var update = await feed.WaitForAsync("update", u => u.GetProperty("tasks").EnumerateArray()
            .Any(t => t.GetProperty("id").GetString() == "stuck" && t.GetProperty("state").GetString() == "skipped"));
        Assert.Contains(update.GetProperty("tasks").EnumerateArray(), t => t.GetProperty("id").GetString() == "next");
    }

    [Fact]
    public async Task Events_RunEnds_ClientsGetTheFinalUpdateAndTheStreamEnds()
    {
        await using var run = await MonitoredRun.StartAsync(QueueOf(TaskDef("only")), _ => null);
        await run.Executor.WaitForLaunch(1).Task.WaitAsync(TimeSpan.FromSeconds(10));
        using var feed = await SseReader.OpenAsync(run.Http);
        await feed.NextAsync();

        run.Executor.Succeed("only");

        await feed.WaitForAsync("update", u => u.GetProperty("summary").GetProperty("state").GetString() == "completed");
        Assert.Null(await feed.NextAsync());
    }

    [Fact]
    public async Task Events_AClientThatStopsReading_IsToldToResyncAndNeverSlowsTheRun()
    {
        await using var run = await MonitoredRun.StartAsync(QueueOf(TaskDef("chatty")), _ => null,
            options => (options.ClientQueueCapacity, options.FeedCoalescing) = (2, TimeSpan.Zero));
        await run.Executor.WaitForLaunch(1).Task.WaitAsync(TimeSpan.FromSeconds(10));
        using var stalled = await SseReader.OpenAsync(run.Http);
        using var reading = await SseReader.OpenAsync(run.Http);
        var message = new string('x', 128 * 1024);

        // One update per step (the reading client sees each), megabytes more than the socket buffers hold, while one client reads nothing.
        for (var i = 1; i <= 100; i++)
        {
            run.Executor.Progress("chatty", i % 100, $"{i} {message}");
            var step = $"{i} ";
            await reading.WaitForAsync("update", u => u.GetProperty("tasks").EnumerateArray()
                .Any(t => t.GetProperty("progress_message").GetString()?.StartsWith(step, StringComparison.Ordinal) == true));
        }
        run.Executor.Succeed("chatty");

        await run.Running.WaitAsync(TimeSpan.FromSeconds(20));
        var kinds = new List<string>();
        while (await stalled.NextAsync(TimeSpan.FromSeconds(20)) is { } next) kinds.Add(next.Kind);
        Assert.Contains("resync", kinds);
        Assert.Equal("update", kinds[^1]);
    }

    [Fact]
    public void Publish_OtherKinds_ReachEveryClientAsTheirOwnEvent()
    {
        var feed = new MonitorFeed(new MonitorOptions());
        var client = feed.Subscribe();

        feed.Publish("alert", new { Name = "RunStalled", State = "firing" });

        Assert.True(client.Frames.TryRead(out var frame));
        Assert.Equal("event: alert\ndata: {\"name\":\"RunStalled\",\"state\":\"firing\"}\n\n", Encoding.UTF8.GetString(frame.Bytes.Span));
    }

    [Fact]
    public void Offer_AFullQueue_IsEmptiedForAResyncAndTheNewestFrame()
    {
        var client = new FeedClient(capacity: 3);

        for (var i = 0; i < 4; i++) client.Offer(FeedFrame.Of(Encoding.UTF8.GetBytes($"frame {i}")));

        Assert.True(client.Frames.TryRead(out var first));
        Assert.StartsWith("event: resync", Encoding.UTF8.GetString(first.Bytes.Span), StringComparison.Ordinal);
        Assert.True(client.Frames.TryRead(out var second));
        Assert.Equal("frame 3", Encoding.UTF8.GetString(second.Bytes.Span));
        Assert.False(client.Frames.TryRead(out _));
        Assert.Equal(1, client.Resyncs);
    }
}
