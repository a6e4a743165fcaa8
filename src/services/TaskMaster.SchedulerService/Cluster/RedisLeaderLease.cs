using System.Globalization;
using StackExchange.Redis;
using TaskMaster.Redis;
using TaskMaster.Scheduler.Leadership;

namespace TaskMaster.SchedulerService.Cluster;

/// <summary>
/// The schedulers' lease in the cluster's Redis (docs/cluster.md, "Failover"): <see cref="RedisKeys.SchedulerLease"/>
/// set only when absent (or still naming the asking scheduler, from a term it ended), with an expiry, and its fencing token from <see cref="RedisKeys.FencingCounter"/> raised in
/// the same script (so no two terms ever share a token); renewed and released by scripts that compare the
/// whole value first, so a scheduler whose lease ran out can neither extend nor delete its successor's.
/// </summary>
public sealed class RedisLeaderLease(IConnectionMultiplexer redis) : ILeaderLease
{
    // KEYS[1] the lease, KEYS[2] the counter. ARGV[1] holder id, ARGV[2] address, ARGV[3] milliseconds.
    // A lease still naming the candidate is one of its own ended terms (it asks only while it leads in none): a new term replaces it.
    private const string AcquireScript = """
        local held = redis.call('GET', KEYS[1])
        if held and string.match(held, '^%d+ (%S+) ') ~= ARGV[1] then return false end
        local token = redis.call('INCR', KEYS[2])
        redis.call('SET', KEYS[1], token .. ' ' .. ARGV[1] .. ' ' .. ARGV[2], 'PX', ARGV[3])
        return token
        """;

    // KEYS[1] the lease. ARGV[1] the value it must hold, ARGV[2] milliseconds.
    private const string RenewScript = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        return redis.call('PEXPIRE', KEYS[1], ARGV[2])
        """;

    // KEYS[1] the lease. ARGV[1] the value it must hold.
    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        return redis.call('DEL', KEYS[1])
        """;

    private readonly IDatabase _db = redis.GetDatabase();

    public async Task<LeaseTerm?> TryAcquireAsync(LeaseCandidate candidate, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        if (candidate.Id.Contains(' ', StringComparison.Ordinal)) throw new ArgumentException($"a scheduler's id has no spaces: '{candidate.Id}'", nameof(candidate));
        var result = await RedisStoreException.Guard(
            () => _db.ScriptEvaluateAsync(AcquireScript, [RedisKeys.SchedulerLease, RedisKeys.FencingCounter],
                [candidate.Id, candidate.Address, Milliseconds(duration)]),
            "taking the schedulers' lease").WaitAsync(cancellationToken).ConfigureAwait(false);
        return result.IsNull ? null : new LeaseTerm((long)result, candidate.Id, candidate.Address);
    }

    public async Task<bool> RenewAsync(LeaseTerm term, TimeSpan duration, CancellationToken cancellationToken)
    {
        var result = await RedisStoreException.Guard(
            () => _db.ScriptEvaluateAsync(RenewScript, [RedisKeys.SchedulerLease], [ValueOf(term), Milliseconds(duration)]),
            "renewing the schedulers' lease").WaitAsync(cancellationToken).ConfigureAwait(false);
        return (long)result == 1;
    }

    public async Task ReleaseAsync(LeaseTerm term, CancellationToken cancellationToken) =>
        await RedisStoreException.Guard(
            () => _db.ScriptEvaluateAsync(ReleaseScript, [RedisKeys.SchedulerLease], [ValueOf(term)]),
            "releasing the schedulers' lease").WaitAsync(cancellationToken).ConfigureAwait(false);

    public async Task<LeaseTerm?> ReadAsync(CancellationToken cancellationToken)
    {
        var value = await RedisStoreException.Guard(() => _db.StringGetAsync(RedisKeys.SchedulerLease), "reading the schedulers' lease")
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        if (value.IsNull) return null;
        var parts = value.ToString().Split(' ', 3);
        return parts.Length == 3 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var token)
            ? new LeaseTerm(token, parts[1], parts[2])
            : throw new RedisStoreException($"Redis: {RedisKeys.SchedulerLease} holds '{value}', not '<fencing token> <holder id> <address>'");
    }

    private static string ValueOf(LeaseTerm term) => string.Create(CultureInfo.InvariantCulture, $"{term.FencingToken} {term.HolderId} {term.Address}");

    private static long Milliseconds(TimeSpan duration) => Math.Max(1, (long)duration.TotalMilliseconds);
}
