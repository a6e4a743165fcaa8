using StackExchange.Redis;
using TaskMaster.Core.Runs;

namespace TaskMaster.Redis;

/// <summary>
/// The run's fence in Redis (<see cref="RedisKeys.Fence"/>), the one the journal's scripts check: the checkpoint
/// service checks a save's token against it (and raises it, as an open does) in one script.
/// </summary>
public sealed class RedisRunFence(IConnectionMultiplexer redis) : IRunFence
{
    private readonly IDatabase _db = redis.GetDatabase();

    public async Task CheckAsync(string runId, long fencingToken, CancellationToken cancellationToken)
    {
        // Not connected: said at once, not after a command's timeout (a save must not wait for it).
        if (!redis.IsConnected) throw new RedisStoreException($"Redis: checking the fence of {runId}: not connected");
        try
        {
            await RedisStoreException.Guard(() => JournalScript.CheckFenceAsync(_db, RedisKeys.Events(runId), RedisKeys.Fence(runId), fencingToken),
                $"checking fencing token {fencingToken} against the fence of {runId}").WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RedisStoreException fault) when (JournalScript.Fenced(fault) is { } fenced)
        {
            throw fenced;
        }
    }
}
