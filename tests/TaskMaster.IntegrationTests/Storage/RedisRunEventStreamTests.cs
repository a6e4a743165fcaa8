using TaskMaster.Core.Events;
using TaskMaster.IntegrationTests.Fixtures;
using TaskMaster.Redis;

namespace TaskMaster.IntegrationTests.Storage;

public sealed class RedisRunEventStreamTests(Servers servers)
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Follow_SeesEventsFlushedAfterItStarted()
    {
        await using var redis = await servers.Redis.ConnectAsync();
        var runId = TestRuns.NewId();
        await using var journal = await RedisEventJournal.OpenAsync(redis, runId, TestContext.Current.CancellationToken);
        journal.Append(new TaskStarted(At, "before", 1));
        await journal.FlushAsync(TestContext.Current.CancellationToken);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        stop.CancelAfter(TimeSpan.FromSeconds(30));
        // A long poll: only the journal's wake-up can deliver the new event in time.
        var stream = new RedisRunEventStream(redis, TimeProvider.System) { PollInterval = TimeSpan.FromMinutes(5) };
        await using var follower = stream.ReadAsync(runId, 0, follow: true, stop.Token).GetAsyncEnumerator(stop.Token);

        Assert.True(await follower.MoveNextAsync());
        var first = (TaskStarted)follower.Current;
        var waiting = follower.MoveNextAsync().AsTask();
        journal.Append(new TaskStarted(At, "after", 1));
        await journal.FlushAsync(TestContext.Current.CancellationToken);

        Assert.True(await waiting.WaitAsync(stop.Token));
        Assert.Equal(("before", "after"), (first.TaskId, ((TaskStarted)follower.Current).TaskId));
        Assert.Equal(2, follower.Current.Sequence);
    }

    [Fact]
    public async Task Read_AfterASequence_StartsAfterIt_AndPagesThroughLongStreams()
    {
        await using var redis = await servers.Redis.ConnectAsync();
        var runId = TestRuns.NewId();
        await using var journal = await RedisEventJournal.OpenAsync(redis, runId, TestContext.Current.CancellationToken);
        for (var i = 1; i <= 1200; i++) journal.Append(new TaskStarted(At, $"t{i}", 1));
        await journal.FlushAsync(TestContext.Current.CancellationToken);

        var read = await new RedisRunEventStream(redis, TimeProvider.System).ReadAsync(runId, 100, follow: false, TestContext.Current.CancellationToken).ToListAsync();

        Assert.Equal(Enumerable.Range(101, 1100).Select(i => (long)i), read.Select(e => e.Sequence));
    }

    [Fact]
    public async Task Read_OfARunWithNoEvents_EndsEmpty()
    {
        await using var redis = await servers.Redis.ConnectAsync();

        var read = await new RedisRunEventStream(redis, TimeProvider.System).ReadAsync(TestRuns.NewId(), 0, follow: false, TestContext.Current.CancellationToken).ToListAsync();

        Assert.Empty(read);
    }
}
