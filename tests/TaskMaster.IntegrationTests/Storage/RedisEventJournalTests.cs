using TaskMaster.Core.Events;
using TaskMaster.IntegrationTests.Fixtures;
using TaskMaster.Redis;

namespace TaskMaster.IntegrationTests.Storage;

public sealed class RedisEventJournalTests(Servers servers)
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AppendFlush_ThenRead_GivesTheSameEventsInOrder()
    {
        await using var redis = await servers.Redis.ConnectAsync();
        var runId = TestRuns.NewId();
        var written = Events(runId);
        await using var journal = await RedisEventJournal.OpenAsync(redis, runId, TestContext.Current.CancellationToken);

        foreach (var e in written) journal.Append(e);
        await journal.FlushAsync(TestContext.Current.CancellationToken);
        var read = await new RedisRunEventStream(redis, TimeProvider.System).ReadAsync(runId, 0, follow: false, TestContext.Current.CancellationToken).ToListAsync();

        Assert.Equal(written, read);
        Assert.Equal([1L, 2, 3], read.Select(e => e.Sequence));
        Assert.Equal(3, journal.DurableSequence);
    }

    [Fact]
    public async Task Open_OnAStreamWithEvents_ContinuesItsSequence()
    {
        await using var redis = await servers.Redis.ConnectAsync();
        var runId = TestRuns.NewId();
        await using (var first = await RedisEventJournal.OpenAsync(redis, runId, TestContext.Current.CancellationToken))
        {
            foreach (var e in Events(runId)) first.Append(e);
            await first.FlushAsync(TestContext.Current.CancellationToken);
        }

        await using var second = await RedisEventJournal.OpenAsync(redis, runId, TestContext.Current.CancellationToken);
        var next = new TaskStarted(At, "d", 1);
        second.Append(next);
        await second.FlushAsync(TestContext.Current.CancellationToken);
        var read = await new RedisRunEventStream(redis, TimeProvider.System).ReadAsync(runId, 3, follow: false, TestContext.Current.CancellationToken).ToListAsync();

        Assert.Equal(4, next.Sequence);
        Assert.Equal([next], read);
    }

    [Fact]
    public async Task Flush_WhenAnotherWriterAppendedToTheRun_IsRefusedAndTheStreamKeepsTheOtherWritersEvents()
    {
        await using var redis = await servers.Redis.ConnectAsync();
        var runId = TestRuns.NewId();
        await using var stale = await RedisEventJournal.OpenAsync(redis, runId, TestContext.Current.CancellationToken);
        await using var other = await RedisEventJournal.OpenAsync(redis, runId, TestContext.Current.CancellationToken);
        other.Append(new TaskStarted(At, "theirs", 1));
        await other.FlushAsync(TestContext.Current.CancellationToken);

        stale.Append(new TaskStarted(At, "mine", 1));
        var refused = await Assert.ThrowsAsync<RedisStoreException>(async () => await stale.FlushAsync(TestContext.Current.CancellationToken));
        var read = await new RedisRunEventStream(redis, TimeProvider.System).ReadAsync(runId, 0, follow: false, TestContext.Current.CancellationToken).ToListAsync();

        Assert.Contains("another writer", refused.Message, StringComparison.Ordinal);
        Assert.Equal(["theirs"], read.Cast<TaskStarted>().Select(e => e.TaskId));
    }

    [Fact]
    public async Task Flush_AgainAfterItsEventsGotIn_AppendsOnlyTheRest()
    {
        await using var redis = await servers.Redis.ConnectAsync();
        var runId = TestRuns.NewId();
        await using var journal = await RedisEventJournal.OpenAsync(redis, runId, TestContext.Current.CancellationToken);
        var events = Events(runId);
        // As if the first flush's answer was lost: the first event is in the stream, the journal does not know it.
        await redis.GetDatabase().StreamAddAsync(RedisKeys.Events(runId), [new("seq", 1), new("e", RunEventJson.Serialize(events[0] with { Sequence = 1 }))], "1-0");

        foreach (var e in events) journal.Append(e);
        await journal.FlushAsync(TestContext.Current.CancellationToken);
        var read = await new RedisRunEventStream(redis, TimeProvider.System).ReadAsync(runId, 0, follow: false, TestContext.Current.CancellationToken).ToListAsync();

        Assert.Equal(events, read);
    }

    [Fact]
    public async Task Flush_WithRedisDown_ThrowsAJournalFaultAndKeepsTheEventsForTheNextFlush()
    {
        var script = await PrivateStores.StartAsync(servers.Root, "redis");
        await using var redis = await PrivateStores.ConnectRedisAsync(script);
        var runId = TestRuns.NewId();
        await using var journal = await RedisEventJournal.OpenAsync(redis, runId, TestContext.Current.CancellationToken);
        journal.Append(new TaskStarted(At, "a", 1));
        await script.StopAsync(TestContext.Current.CancellationToken);

        var fault = await Assert.ThrowsAnyAsync<IOException>(async () => await journal.FlushAsync(TestContext.Current.CancellationToken));
        await script.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await PrivateStores.WaitConnectedAsync(redis);
        await journal.FlushAsync(TestContext.Current.CancellationToken);
        var read = await new RedisRunEventStream(redis, TimeProvider.System).ReadAsync(runId, 0, follow: false, TestContext.Current.CancellationToken).ToListAsync();
        await script.StopAsync(TestContext.Current.CancellationToken);

        Assert.IsType<RedisStoreException>(fault);
        Assert.Equal(["a"], read.Cast<TaskStarted>().Select(e => e.TaskId));
    }

    private static List<RunEvent> Events(string runId) =>
    [
        new RunStarted(At, runId, "queue", "/q/task-queue.md", "sha256:00", 3, 2, Autonomous: true),
        new TaskStarted(At.AddSeconds(1), "a", 1),
        new TaskSucceeded(At.AddSeconds(2), "a", 1, 0, TimeSpan.FromSeconds(1)),
    ];
}
