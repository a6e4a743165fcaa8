using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using StackExchange.Redis;
using TaskMaster.Core.Events;
using TaskMaster.Core.Runs;

namespace TaskMaster.Redis;

/// <summary>
/// Reads a run's journal stream (<see cref="RedisEventJournal"/>'s) in sequence order, a page at a
/// time. Following, it waits for the journal's wake-up on the run's <c>…:appended</c> channel and
/// reads on from the last event it gave. StackExchange.Redis multiplexes every caller over one
/// connection, so a blocking <c>XREAD</c> would stall them all: a published wake-up plus a non-blocking
/// read does the same, and a re-read every <see cref="PollInterval"/> covers a wake-up lost to a
/// reconnect. A Redis fault is thrown as <see cref="RedisStoreException"/>; an entry that is not an
/// event as <see cref="InvalidDataException"/> naming it.
/// </summary>
public sealed class RedisRunEventStream(IConnectionMultiplexer redis, TimeProvider timeProvider) : IRunEventStream
{
    private const int PageSize = 512;

    /// <summary>The longest a follower waits without a wake-up before it reads again.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    public async IAsyncEnumerable<RunEvent> ReadAsync(
        string runId, long afterSequence, bool follow, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterSequence);
        var stream = RedisKeys.Events(runId);
        var db = redis.GetDatabase();
        // Subscribed before the first read, so an append between that read and the wait still wakes it.
        await using var wakeUps = follow ? await WakeUps.SubscribeAsync(redis.GetSubscriber(), RedisKeys.Appended(runId)).ConfigureAwait(false) : null;
        var after = afterSequence;
        while (true)
        {
            var from = RedisEventJournal.IdOf(after + 1);
            var entries = await RedisStoreException.Guard(() => db.StreamRangeAsync(stream, from, "+", PageSize), $"reading {stream} from {from}")
                .WaitAsync(cancellationToken).ConfigureAwait(false);
            foreach (var entry in entries)
            {
                var e = Decode(stream, entry);
                after = e.Sequence;
                yield return e;
            }

            if (entries.Length == PageSize) continue;
            if (wakeUps is null) yield break;
            await wakeUps.WaitAsync(PollInterval, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private static RunEvent Decode(RedisKey stream, StreamEntry entry)
    {
        var json = entry["e"];
        try
        {
            var e = json.IsNull ? null : RunEventJson.Deserialize((byte[])json!);
            if (e is not null && e.Sequence == RedisEventJournal.SequenceOf(entry.Id)) return e;
        }
        catch (JsonException)
        {
            // Said below, with where.
        }
        throw new InvalidDataException($"{stream} entry {entry.Id} is not the event its id says (field e: {(json.IsNull ? "missing" : "not a matching event")})");
    }

    /// <summary>The run's wake-ups, at most one waiting: a burst of batches wakes a slow follower once.</summary>
    private sealed class WakeUps : IAsyncDisposable
    {
        private readonly Channel<bool> _signals = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        private readonly ISubscriber _subscriber;
        private readonly RedisChannel _channel;

        private WakeUps(ISubscriber subscriber, RedisChannel channel)
        {
            _subscriber = subscriber;
            _channel = channel;
        }

        public static async Task<WakeUps> SubscribeAsync(ISubscriber subscriber, RedisChannel channel)
        {
            var wakeUps = new WakeUps(subscriber, channel);
            await RedisStoreException.Guard(async () =>
            {
                await subscriber.SubscribeAsync(channel, wakeUps.OnMessage).ConfigureAwait(false);
                return true;
            }, $"subscribing to {channel}").ConfigureAwait(false);
            return wakeUps;
        }

        public async Task WaitAsync(TimeSpan longest, TimeProvider timeProvider, CancellationToken cancellationToken)
        {
            using var timeout = new CancellationTokenSource(longest, timeProvider);
            using var either = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
            try
            {
                await _signals.Reader.ReadAsync(either.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // No wake-up within the interval: read anyway.
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await _subscriber.UnsubscribeAsync(_channel, OnMessage).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
            {
                // The connection is gone: so is the subscription.
            }
        }

        private void OnMessage(RedisChannel channel, RedisValue message) => _signals.Writer.TryWrite(true);
    }
}
