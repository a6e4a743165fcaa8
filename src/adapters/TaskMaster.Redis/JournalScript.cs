using StackExchange.Redis;
using TaskMaster.Core.Scheduling;

namespace TaskMaster.Redis;

/// <summary>
/// The one round trip of a journal flush: appends a batch to the run's stream atomically (a script
/// runs whole, and with <c>appendfsync always</c> its writes are in the AOF before it answers), after
/// checking that the batch continues the stream. A retry of a batch whose answer was lost finds its
/// events there, checks they are the same, and appends only the rest; anything else (a gap, or other
/// events at those sequences: a second writer) is refused, so the stream never holds a sequence twice.
/// Every append and every open carries the writer's fencing token, checked against (and raised to) the
/// run's fence in the same script: a writer whose token is older than the run's is refused with
/// <c>TMFENCED</c> and the refusal counted in the fence's <c>refused</c> field.
/// </summary>
internal static class JournalScript
{
    /// <summary>What a refusal by the fence starts with.</summary>
    public const string FencedPrefix = "TMFENCED";

    // Checks the writer's token (ARGV[FENCE_AT]) against the run's fence (KEYS[2]) and raises the fence to it.
    private const string Fence = """
        local fence = tonumber(redis.call('HGET', KEYS[2], 'token') or '0')
        local token = tonumber(ARGV[FENCE_AT])
        if fence > token then
          redis.call('HINCRBY', KEYS[2], 'refused', 1)
          return redis.error_reply('TMFENCED the run is held by fencing token ' .. fence .. ', newer than this writer\'s ' .. token .. ': another scheduler leads')
        end
        if token > fence then redis.call('HSET', KEYS[2], 'token', token) end
        """;

    // KEYS[1] the stream, KEYS[2] the fence. ARGV[1] the writer's fencing token. Answers the stream's last entry id.
    private const string OpenSource = Fence + "\n" + """
        local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
        if #last == 0 then return '0-0' end
        return last[1][1]
        """;

    // KEYS[1] the stream, KEYS[2] the fence. ARGV[1] the channel, ARGV[2] the batch's first sequence, ARGV[3] the
    // writer's fencing token, then per event: id, sequence, json.
    private const string Source = Fence + "\n" + """
        local top = 0
        local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
        if #last > 0 then top = tonumber(string.match(last[1][1], '^(%d+)')) end
        local first = tonumber(ARGV[2])
        local n = (#ARGV - 3) / 3
        if top < first - 1 then
          return redis.error_reply('TMGAP the stream ends at sequence ' .. top .. ' but the batch starts at ' .. first)
        end
        if top > first - 1 + n then
          return redis.error_reply('TMCONFLICT the stream already holds sequence ' .. top .. ', past this batch: another writer appends to this run')
        end
        for i = 0, n - 1 do
          local at = 4 + i * 3
          if first + i <= top then
            local found = redis.call('XRANGE', KEYS[1], ARGV[at], ARGV[at])
            if #found == 0 or found[1][2][4] ~= ARGV[at + 2] then
              return redis.error_reply('TMCONFLICT sequence ' .. ARGV[at + 1] .. ' holds another event: another writer appends to this run')
            end
          else
            redis.call('XADD', KEYS[1], ARGV[at], 'seq', ARGV[at + 1], 'e', ARGV[at + 2], 'f', ARGV[3])
          end
        end
        redis.call('PUBLISH', ARGV[1], ARGV[#ARGV - 1])
        return n
        """;

    private static readonly string AppendScript = Source.Replace("FENCE_AT", "3", StringComparison.Ordinal);

    private static readonly string ClaimScript = OpenSource.Replace("FENCE_AT", "1", StringComparison.Ordinal);

    private static readonly string CheckScript = Fence.Replace("FENCE_AT", "1", StringComparison.Ordinal) + "\nreturn 0";

    /// <summary>Checks <paramref name="fencingToken"/> against the run's fence (refused when it is higher; raised to it otherwise).</summary>
    public static Task<RedisResult> CheckFenceAsync(IDatabase db, RedisKey stream, RedisKey fence, long fencingToken) =>
        db.ScriptEvaluateAsync(CheckScript, [stream, fence], [fencingToken]);

    public static Task<RedisResult> RunAsync(IDatabase db, RedisKey stream, RedisKey fence, RedisValue[] arguments) =>
        db.ScriptEvaluateAsync(AppendScript, [stream, fence], arguments);

    /// <summary>Raises the run's fence to <paramref name="fencingToken"/> (refused when it is higher) and answers the stream's last entry id.</summary>
    public static Task<RedisResult> OpenAsync(IDatabase db, RedisKey stream, RedisKey fence, long fencingToken) =>
        db.ScriptEvaluateAsync(ClaimScript, [stream, fence], [fencingToken]);

    /// <summary>A refusal by the fence as the scheduler knows it (not a fault to retry); null for any other fault.</summary>
    public static JournalFencedException? Fenced(RedisStoreException fault) =>
        fault.InnerException is RedisServerException server && server.Message.StartsWith(FencedPrefix, StringComparison.Ordinal)
            ? new JournalFencedException($"{fault.Message}", fault)
            : null;
}
