using StackExchange.Redis;

namespace TaskMaster.Redis;

/// <summary>
/// The one round trip of a journal flush: appends a batch to the run's stream atomically (a script
/// runs whole, and with <c>appendfsync always</c> its writes are in the AOF before it answers), after
/// checking that the batch continues the stream. A retry of a batch whose answer was lost finds its
/// events there, checks they are the same, and appends only the rest; anything else (a gap, or other
/// events at those sequences: a second writer) is refused, so the stream never holds a sequence twice.
/// </summary>
internal static class JournalScript
{
    // KEYS[1] the stream. ARGV[1] the channel, ARGV[2] the batch's first sequence, then per event: id, sequence, json.
    private const string Source = """
        local top = 0
        local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
        if #last > 0 then top = tonumber(string.match(last[1][1], '^(%d+)')) end
        local first = tonumber(ARGV[2])
        local n = (#ARGV - 2) / 3
        if top < first - 1 then
          return redis.error_reply('TMGAP the stream ends at sequence ' .. top .. ' but the batch starts at ' .. first)
        end
        if top > first - 1 + n then
          return redis.error_reply('TMCONFLICT the stream already holds sequence ' .. top .. ', past this batch: another writer appends to this run')
        end
        for i = 0, n - 1 do
          local at = 3 + i * 3
          if first + i <= top then
            local found = redis.call('XRANGE', KEYS[1], ARGV[at], ARGV[at])
            if #found == 0 or found[1][2][4] ~= ARGV[at + 2] then
              return redis.error_reply('TMCONFLICT sequence ' .. ARGV[at + 1] .. ' holds another event: another writer appends to this run')
            end
          else
            redis.call('XADD', KEYS[1], ARGV[at], 'seq', ARGV[at + 1], 'e', ARGV[at + 2])
          end
        end
        redis.call('PUBLISH', ARGV[1], ARGV[#ARGV - 1])
        return n
        """;

    public static Task<RedisResult> RunAsync(IDatabase db, RedisKey stream, RedisValue[] arguments) =>
        db.ScriptEvaluateAsync(Source, [stream], arguments);
}
