using StackExchange.Redis;
using TaskMaster.IntegrationTests.Fixtures;
using TaskMaster.Testing.Servers;

namespace TaskMaster.IntegrationTests.Redis;

/// <summary>The Redis Streams commands the scheduler's journal and work queue will use, on a real Redis 7.</summary>
public sealed class RedisStreamsTests(Servers servers)
{
    [Fact]
    public async Task Streams_ReadByOneConsumer_AreClaimedByAnotherUntilAcknowledged()
    {
        await using var connection = await servers.Redis.ConnectAsync();
        var db = connection.GetDatabase();
        var stream = new RedisKey($"work-{Guid.NewGuid():N}");
        var first = await db.StreamAddAsync(stream, "task", "a");
        var second = await db.StreamAddAsync(stream, "task", "b");
        await db.StreamCreateConsumerGroupAsync(stream, "workers", StreamPosition.Beginning);

        var read = await db.StreamReadGroupAsync(stream, "workers", "worker-1", StreamPosition.NewMessages);
        var claimed = await db.StreamAutoClaimAsync(stream, "workers", "worker-2", minIdleTimeInMs: 0, startAtId: "0-0", count: 10);
        var acknowledged = await db.StreamAcknowledgeAsync(stream, "workers", [first, second]);
        var pending = await db.StreamPendingAsync(stream, "workers");

        Assert.Equal([first, second], read.Select(entry => entry.Id));
        Assert.Equal([first, second], claimed.ClaimedEntries.Select(entry => entry.Id));
        Assert.Equal(2, acknowledged);
        Assert.Equal(0, pending.PendingMessageCount);
    }

    [Fact]
    public async Task StreamAdd_WhenItReturns_IsInTheAppendOnlyFileAndSurvivesACrash()
    {
        await using var crashing = await RedisServer.StartAsync(servers.Root, $"redis-crash-{Guid.NewGuid():N}"[..20]);
        var stream = new RedisKey("journal");
        RedisValue id;
        await using (var connection = await crashing.ConnectAsync())
        {
            id = await connection.GetDatabase().StreamAddAsync(stream, "event", "task-started");
        }
        if (crashing.Folder is { } folder)
        {
            var aof = Directory.EnumerateFiles(Path.Combine(folder, "data"), "*.aof*", SearchOption.AllDirectories)
                .Select(File.ReadAllText);
            Assert.Contains(aof, text => text.Contains(id.ToString(), StringComparison.Ordinal));
        }

        await crashing.CrashAndStartAsync();

        await using var reconnected = await crashing.ConnectAsync();
        var entries = await reconnected.GetDatabase().StreamRangeAsync(stream);
        Assert.True(entries.Length == 1 && entries[0].Id == id, $"the entry {id} is gone after the crash{Environment.NewLine}{crashing.LogTail()}");
    }
}
