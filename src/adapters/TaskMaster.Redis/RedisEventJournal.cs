using System.Globalization;
using StackExchange.Redis;
using TaskMaster.Core.Events;
using TaskMaster.Core.Runs;
using TaskMaster.Core.Scheduling;

namespace TaskMaster.Redis;

/// <summary>
/// A run's journal in the cluster: the Redis stream <c>taskmaster:run:{&lt;run-id&gt;}:events</c>, one
/// entry per event, its id the event's sequence (<c>&lt;sequence&gt;-0</c>). <see cref="Append"/>
/// numbers and buffers; <see cref="FlushAsync"/> writes the buffer in one atomic script and returns
/// once Redis has it: durable when the server runs with <c>appendonly yes</c> and
/// <c>appendfsync always</c> (docs/cluster-storage.md). A failed flush keeps the buffer and throws a
/// <see cref="RedisStoreException"/> (an <see cref="IOException"/>); flushing again is safe. One
/// writer per run: a second one is refused, never interleaved.
/// </summary>
public sealed class RedisEventJournal : IEventJournal
{
    private readonly IDatabase _db;
    private readonly RedisKey _stream;
    private readonly RedisChannel _appended;
    private readonly List<(long Sequence, byte[] Json)> _pending = [];

    private RedisEventJournal(IDatabase db, string runId, long lastSequence)
    {
        _db = db;
        RunId = runId;
        _stream = RedisKeys.Events(runId);
        _appended = RedisKeys.Appended(runId);
        LastSequence = lastSequence;
        DurableSequence = lastSequence;
    }

    public string RunId { get; }

    /// <summary>The sequence of the last event appended.</summary>
    public long LastSequence { get; private set; }

    /// <summary>The sequence of the last event known to be in Redis.</summary>
    public long DurableSequence { get; private set; }

    /// <summary>
    /// Opens the run's journal to append after its last event (a new run's stream is empty: the
    /// first event gets sequence 1; a resumed run's go on from where the stream ends).
    /// </summary>
    /// <exception cref="RedisStoreException">Redis could not be read.</exception>
    public static async Task<RedisEventJournal> OpenAsync(IConnectionMultiplexer redis, string runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(redis);
        RunIds.Checked(runId);
        var db = redis.GetDatabase();
        var last = await RedisStoreException.Guard(
            () => db.StreamRangeAsync(RedisKeys.Events(runId), "-", "+", count: 1, messageOrder: Order.Descending),
            $"reading the end of {RedisKeys.Events(runId)}").WaitAsync(cancellationToken).ConfigureAwait(false);
        return new RedisEventJournal(db, runId, last.Length == 0 ? 0 : SequenceOf(last[0].Id));
    }

    public void Append(RunEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        e.Sequence = ++LastSequence;
        _pending.Add((e.Sequence, RunEventJson.Serialize(e)));
    }

    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        if (_pending.Count == 0) return;
        var arguments = new RedisValue[2 + _pending.Count * 3];
        arguments[0] = _appended.ToString();
        arguments[1] = _pending[0].Sequence;
        for (var i = 0; i < _pending.Count; i++)
        {
            var (sequence, json) = _pending[i];
            arguments[2 + i * 3] = IdOf(sequence);
            arguments[3 + i * 3] = sequence;
            arguments[4 + i * 3] = json;
        }

        var last = _pending[^1].Sequence;
        // Not cancellable once sent: a cancelled wait leaves the batch pending, and the next flush finds what got in.
        await RedisStoreException.Guard(() => JournalScript.RunAsync(_db, _stream, arguments), $"appending events {_pending[0].Sequence}–{last} to {_stream}")
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        _pending.Clear();
        DurableSequence = last;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>The stream entry id of an event.</summary>
    internal static string IdOf(long sequence) => string.Create(CultureInfo.InvariantCulture, $"{sequence}-0");

    internal static long SequenceOf(RedisValue id)
    {
        var text = id.ToString();
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        return long.Parse(dash < 0 ? text : text[..dash], NumberStyles.None, CultureInfo.InvariantCulture);
    }
}
