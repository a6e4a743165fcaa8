using System.Globalization;
using StackExchange.Redis;
using TaskMaster.Core.Events;
using TaskMaster.Redis;
using TaskMaster.Testing.Servers;

namespace TaskMaster.Chaos.Tests.Campaign;

/// <summary>
/// A run's journal as the store holds it, read straight from its Redis stream (no scheduler in between): each
/// entry's event, the fencing token of the writer it was accepted from (field <c>f</c>), and how many writes the
/// run's fence refused as stale (its <c>refused</c> field).
/// </summary>
public sealed record StoredJournal(IReadOnlyList<RunEvent> Events, IReadOnlyDictionary<long, long> FencingTokens, long Refused)
{
    public static async Task<StoredJournal> ReadAsync(RedisServer redis, string runId)
    {
        await using var connection = await redis.ConnectAsync();
        var db = connection.GetDatabase();
        var events = new List<RunEvent>();
        var tokens = new Dictionary<long, long>();
        foreach (var entry in await db.StreamRangeAsync(RedisKeys.Events(runId)))
        {
            var e = RunEventJson.Deserialize((byte[])entry["e"]!);
            events.Add(e);
            // An entry without a token is left out of the map: the fencing check counts it.
            if (entry["f"] is { IsNull: false } token) tokens[e.Sequence] = long.Parse(token.ToString(), NumberStyles.None, CultureInfo.InvariantCulture);
        }
        var refused = await db.HashGetAsync(RedisKeys.Fence(runId), "refused");
        return new StoredJournal(events, tokens, refused.IsNull ? 0 : (long)refused);
    }
}
