using StackExchange.Redis;
using TaskMaster.Core.Checkpoints;

namespace TaskMaster.Redis;

/// <summary>
/// The latest checkpoints of each run, kept in Redis beside object storage (the store of record) so
/// that a resume reads them fast and a checkpoint can be taken while object storage is down: the
/// names in <c>taskmaster:run:{&lt;run-id&gt;}:checkpoints</c> (scored by sequence), the bytes in
/// <c>…:checkpoint-bytes</c>; the newest <see cref="Keep"/> stay. Bytes are kept as given: readers verify them.
/// </summary>
public sealed class RedisCheckpointCache(IConnectionMultiplexer redis, int keep = RedisCheckpointCache.DefaultKeep) : ICheckpointRepository
{
    public const int DefaultKeep = 3;

    /// <summary>The root of the locations this cache gives: <c>redis://taskmaster/runs/…</c>.</summary>
    public const string LocationRoot = "redis://taskmaster/";

    // Stores, indexes and prunes in one step, so the index never names bytes that are not there.
    private const string PutScript = """
        redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
        redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
        local old = redis.call('ZRANGE', KEYS[1], 0, -(tonumber(ARGV[4]) + 1))
        for _, name in ipairs(old) do
          redis.call('ZREM', KEYS[1], name)
          redis.call('HDEL', KEYS[2], name)
        end
        return #old
        """;

    private readonly IDatabase _db = redis.GetDatabase();

    public string Name => "redis";

    public string Root => LocationRoot;

    /// <summary>Checkpoints kept per run, the newest.</summary>
    public int Keep { get; } = keep >= 1 ? keep : throw new ArgumentOutOfRangeException(nameof(keep), keep, "keep at least one");

    public async Task<StoredCheckpoint> PutAsync(EncodedCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var stored = Locate(checkpoint.RunId, checkpoint.Sequence, checkpoint.Checksum);
        // Copied now: the bytes may be a buffer its encoder reuses once this returns.
        RedisValue[] arguments = [stored.Name, checkpoint.Sequence, checkpoint.Bytes.ToArray(), Keep];
        await RedisStoreException.Guard(
            () => _db.ScriptEvaluateAsync(PutScript, [RedisKeys.CheckpointIndex(checkpoint.RunId), RedisKeys.CheckpointBytes(checkpoint.RunId)], arguments),
            $"caching checkpoint {stored.Location}").WaitAsync(cancellationToken).ConfigureAwait(false);
        return stored;
    }

    public async Task<IReadOnlyList<StoredCheckpoint>> ListAsync(string runId, CancellationToken cancellationToken)
    {
        var names = await RedisStoreException.Guard(
            () => _db.SortedSetRangeByRankAsync(RedisKeys.CheckpointIndex(runId), 0, -1, Order.Descending), $"listing the cached checkpoints of {runId}")
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        var listed = new List<StoredCheckpoint>(names.Length);
        foreach (var name in names)
        {
            if (StoredCheckpoint.TryParse(LocationRoot + StoredCheckpoint.RunPrefix(runId) + name, out var stored)) listed.Add(stored);
        }
        return listed;
    }

    public async Task<byte[]?> GetAsync(StoredCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var bytes = await RedisStoreException.Guard(
            () => _db.HashGetAsync(RedisKeys.CheckpointBytes(checkpoint.RunId), checkpoint.Name), $"reading cached checkpoint {checkpoint.Name}")
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        return bytes.IsNull ? null : (byte[])bytes!;
    }

    private static StoredCheckpoint Locate(string runId, long sequence, string checksum) =>
        new(runId, sequence, checksum, LocationRoot + StoredCheckpoint.PathFor(runId, sequence, checksum));
}
