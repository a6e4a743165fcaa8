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
/// writer per run: a second one is refused, never interleaved, and a writer whose fencing token is older
/// than the run's fence (a leader that was replaced) is refused for good with a <see cref="JournalFencedException"/>.
/// </summary>
public sealed class RedisEventJournal : IEventJournal
{
    private readonly IDatabase _db;
    private readonly RedisKey _stream;
    private readonly RedisChannel _appended;
    private readonly RedisKey _fence;
    private readonly Func<long> _fencingToken;
    private readonly List<(long Sequence, byte[] Json)> _pending = [];

    private RedisEventJournal(IDatabase db, string runId, long lastSequence, Func<long> fencingToken)
    {
        _db = db;
        RunId = runId;
        _stream = RedisKeys.Events(runId);
        _appended = RedisKeys.Appended(runId);
        _fence = RedisKeys.Fence(runId);
        _fencingToken = fencingToken;
        LastSequence = lastSequence;
        DurableSequence = lastSequence;
    }

    public string RunId { get; }

    /// <summary>The sequence of the last event appended.</summary>
    public long LastSequence { get; private set; }

    /// <summary>The sequence of the last event known to be in Redis.</summary>
    public long DurableSequence { get; private set; }

    /// <summary>Opens the run's journal unfenced (token 0: a writer outside any leadership, refused once a leader holds the run).</summary>
    /// <exception cref="JournalFencedException">A leader holds the run.</exception>
    /// <exception cref="RedisStoreException">Redis could not be read.</exception>
    public static Task<RedisEventJournal> OpenAsync(IConnectionMultiplexer redis, string runId, CancellationToken cancellationToken = default) =>
        OpenAsync(redis, runId, 0, cancellationToken);

    /// <summary>
    /// Opens the run's journal to append after its last event (a new run's stream is empty: the
    /// first event gets sequence 1; a resumed run's go on from where the stream ends). With a
    /// <paramref name="fencingToken"/> (a leading scheduler's term) the run's fence is raised to it first,
    /// in the same script: from then on a writer with an older token is refused, so the end read here
    /// is where this writer goes on, whatever an older leader still tries.
    /// </summary>
    /// <exception cref="JournalFencedException">The run's fence is higher than <paramref name="fencingToken"/>: a newer leader holds it.</exception>
    /// <exception cref="RedisStoreException">Redis could not be read.</exception>
    public static Task<RedisEventJournal> OpenAsync(IConnectionMultiplexer redis, string runId, long fencingToken, CancellationToken cancellationToken = default) =>
        OpenAsync(redis, runId, () => fencingToken, cancellationToken);

    /// <summary>
    /// Opens the run's journal as above, with the token <paramref name="fencingToken"/> answers when it opens; each
    /// flush carries the token it answers then (a term carried on into its scheduler's next: the held events go under the new token).
    /// </summary>
    /// <exception cref="JournalFencedException">The run's fence is higher than the token: a newer leader holds it.</exception>
    /// <exception cref="RedisStoreException">Redis could not be read.</exception>
    public static async Task<RedisEventJournal> OpenAsync(IConnectionMultiplexer redis, string runId, Func<long> fencingToken, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fencingToken);
        ArgumentNullException.ThrowIfNull(redis);
        RunIds.Checked(runId);
        var db = redis.GetDatabase();
        var token = fencingToken();
        var last = await Fenced(() => JournalScript.OpenAsync(db, RedisKeys.Events(runId), RedisKeys.Fence(runId), token),
            $"opening {RedisKeys.Events(runId)} with fencing token {token}").WaitAsync(cancellationToken).ConfigureAwait(false);
        return new RedisEventJournal(db, runId, SequenceOf(last.ToString()), fencingToken);
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
        var arguments = new RedisValue[3 + _pending.Count * 3];
        arguments[0] = _appended.ToString();
        arguments[1] = _pending[0].Sequence;
        arguments[2] = _fencingToken();
        for (var i = 0; i < _pending.Count; i++)
        {
            var (sequence, json) = _pending[i];
            arguments[3 + i * 3] = IdOf(sequence);
            arguments[4 + i * 3] = sequence;
            arguments[5 + i * 3] = json;
        }

        var last = _pending[^1].Sequence;
        // Not cancellable once sent: a cancelled wait leaves the batch pending, and the next flush finds what got in.
        await Fenced(() => JournalScript.RunAsync(_db, _stream, _fence, arguments), $"appending events {_pending[0].Sequence}–{last} to {_stream}")
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        _pending.Clear();
        DurableSequence = last;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    // A refusal by the run's fence is final (JournalFencedException); any other fault is the store's, to retry.
    private static async Task<RedisResult> Fenced(Func<Task<RedisResult>> call, string what)
    {
        try
        {
            return await RedisStoreException.Guard(call, what).ConfigureAwait(false);
        }
        catch (RedisStoreException fault) when (JournalScript.Fenced(fault) is { } fenced)
        {
            throw fenced;
        }
    }

    /// <summary>The stream entry id of an event.</summary>
    internal static string IdOf(long sequence) => string.Create(CultureInfo.InvariantCulture, $"{sequence}-0");

    internal static long SequenceOf(RedisValue id)
    {
        var text = id.ToString();
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        return long.Parse(dash < 0 ? text : text[..dash], NumberStyles.None, CultureInfo.InvariantCulture);
    }
}
