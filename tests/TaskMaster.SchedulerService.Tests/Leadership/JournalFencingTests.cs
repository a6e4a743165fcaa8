using StackExchange.Redis;
using TaskMaster.Core.Events;
using TaskMaster.Core.Scheduling;
using TaskMaster.Redis;
using TaskMaster.SchedulerService.Tests.Support;

namespace TaskMaster.SchedulerService.Tests.Leadership;

/// <summary>The run's fence, checked by the journal's own scripts in a real Redis: a writer with an older fencing token writes nothing once a newer one has opened the run.</summary>
public sealed class JournalFencingTests(LeaseRedis redis)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Flush_AfterANewerLeaderOpenedTheRun_IsRefusedAsFenced_TheStreamKeepsNothingOfIt_AndTheRefusalIsCounted()
    {
        var connection = await redis.Database(11);
        var runId = NewRunId();
        await using var old = await RedisEventJournal.OpenAsync(connection, runId, 1, Cancel);
        old.Append(Paused("old leader, before the takeover"));
        await old.FlushAsync(Cancel);

        await using var newer = await RedisEventJournal.OpenAsync(connection, runId, 2, Cancel);
        old.Append(Paused("old leader, woken after the takeover"));
        var refusal = await Assert.ThrowsAsync<JournalFencedException>(async () => await old.FlushAsync(Cancel));

        Assert.StartsWith("Redis: appending events 2–2", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("TMFENCED", refusal.Message, StringComparison.Ordinal);
        var stream = await connection.GetDatabase().StreamRangeAsync(RedisKeys.Events(runId));
        Assert.Single(stream);
        var fence = await connection.GetDatabase().HashGetAllAsync(RedisKeys.Fence(runId));
        Assert.Equal(("2", "1"), (fence.Single(f => f.Name == "token").Value.ToString(), fence.Single(f => f.Name == "refused").Value.ToString()));
    }

    [Fact]
    public async Task Flush_ByTheNewerLeader_GoesOnFromWhereTheStreamEnds()
    {
        var connection = await redis.Database(11);
        var runId = NewRunId();
        await using (var old = await RedisEventJournal.OpenAsync(connection, runId, 3, Cancel))
        {
            old.Append(Paused("old"));
            await old.FlushAsync(Cancel);
        }

        await using var newer = await RedisEventJournal.OpenAsync(connection, runId, 4, Cancel);
        newer.Append(Paused("new"));
        await newer.FlushAsync(Cancel);

        var stream = await connection.GetDatabase().StreamRangeAsync(RedisKeys.Events(runId));
        Assert.Equal(["1-0", "2-0"], stream.Select(e => e.Id.ToString()));
    }

    [Fact]
    public async Task Open_WithAnOlderTokenThanTheRunsFence_IsRefusedAsFenced()
    {
        var connection = await redis.Database(11);
        var runId = NewRunId();
        await using var newer = await RedisEventJournal.OpenAsync(connection, runId, 6, Cancel);

        var refusal = await Assert.ThrowsAsync<JournalFencedException>(() => RedisEventJournal.OpenAsync(connection, runId, 5, Cancel));

        Assert.Contains("fencing token 6, newer than this writer's 5", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Flush_UnfencedWriter_OnARunALeaderHolds_IsRefused()
    {
        var connection = await redis.Database(11);
        var runId = NewRunId();
        await using var unfenced = await RedisEventJournal.OpenAsync(connection, runId, Cancel);
        await using var leader = await RedisEventJournal.OpenAsync(connection, runId, 7, Cancel);

        unfenced.Append(Paused("outside any leadership"));

        await Assert.ThrowsAsync<JournalFencedException>(async () => await unfenced.FlushAsync(Cancel));
    }

    private static string NewRunId() => $"run-fence-{Guid.NewGuid():N}"[..24];

    private static RunPaused Paused(string reason) => new(DateTimeOffset.UnixEpoch, reason, ByOperator: true);
}
