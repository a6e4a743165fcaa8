using System.Globalization;
using System.Runtime.CompilerServices;
using StackExchange.Redis;
using TaskMaster.Core.Runs;

namespace TaskMaster.Redis;

/// <summary>
/// The cluster's runs in Redis: <c>taskmaster:runs</c>, a sorted set of run ids scored by their start,
/// and each run's <c>taskmaster:run:{&lt;run-id&gt;}:info</c> hash (<c>queue</c>, <c>started</c>,
/// <c>ended</c>, as round-trip ISO 8601). Faults are thrown as <see cref="RedisStoreException"/>.
/// </summary>
public sealed class RedisRunCatalog(IConnectionMultiplexer redis) : IRunCatalog
{
    private const int PageSize = 256;

    // The entry is written whole or not at all; a second add finds it and changes nothing.
    private const string AddScript = """
        if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
        redis.call('HSET', KEYS[1], 'queue', ARGV[1], 'started', ARGV[2])
        return 1
        """;

    private const string EndScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        redis.call('HSET', KEYS[1], 'ended', ARGV[1])
        return 1
        """;

    private readonly IDatabase _db = redis.GetDatabase();

    public async ValueTask AddAsync(RunEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var info = RedisKeys.RunInfo(entry.RunId);
        await RedisStoreException.Guard(async () =>
        {
            await _db.ScriptEvaluateAsync(AddScript, [info], [entry.QueueName, Text(entry.StartedAt)]).ConfigureAwait(false);
            // A second key (another slot in a cluster): after the entry, so a listed run always has one.
            return await _db.SortedSetAddAsync(RedisKeys.Runs, entry.RunId, entry.StartedAt.ToUnixTimeMilliseconds(), SortedSetWhen.NotExists).ConfigureAwait(false);
        }, $"adding run {entry.RunId} to {RedisKeys.Runs}").WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Marks the run ended; a run the catalog does not hold is left out (nothing is created for it).</summary>
    public async ValueTask MarkEndedAsync(string runId, DateTimeOffset endedAt, CancellationToken cancellationToken = default) =>
        await RedisStoreException.Guard(() => _db.ScriptEvaluateAsync(EndScript, [RedisKeys.RunInfo(runId)], [Text(endedAt)]), $"marking run {runId} ended")
            .WaitAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Marks the run unfinished again (its <c>ended</c> field goes); a run the catalog does not hold is left out.</summary>
    public async ValueTask MarkResumedAsync(string runId, CancellationToken cancellationToken = default) =>
        await RedisStoreException.Guard(() => _db.HashDeleteAsync(RedisKeys.RunInfo(runId), "ended"), $"marking run {runId} resumed")
            .WaitAsync(cancellationToken).ConfigureAwait(false);

    public async IAsyncEnumerable<RunEntry> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (long start = 0; ; start += PageSize)
        {
            var ids = await RedisStoreException.Guard(
                () => _db.SortedSetRangeByRankAsync(RedisKeys.Runs, start, start + PageSize - 1, Order.Descending), $"listing {RedisKeys.Runs}")
                .WaitAsync(cancellationToken).ConfigureAwait(false);
            var infos = await RedisStoreException.Guard(
                () => Task.WhenAll(ids.Select(id => _db.HashGetAllAsync(RedisKeys.RunInfo(id.ToString())))), "reading the runs' entries")
                .WaitAsync(cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < ids.Length; i++)
            {
                if (Entry(ids[i].ToString(), infos[i]) is { } entry) yield return entry;
            }
            if (ids.Length < PageSize) yield break;
        }
    }

    private static RunEntry? Entry(string runId, HashEntry[] fields)
    {
        var values = fields.ToDictionary(f => f.Name.ToString(), f => f.Value.ToString(), StringComparer.Ordinal);
        if (!values.TryGetValue("queue", out var queue) || !values.TryGetValue("started", out var started)) return null;
        return new RunEntry(runId, queue, Parse(started), values.TryGetValue("ended", out var ended) ? Parse(ended) : null);
    }

    private static string Text(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
