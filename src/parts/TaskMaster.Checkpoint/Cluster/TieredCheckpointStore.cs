using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using TaskMaster.Core.Checkpoints;

namespace TaskMaster.Checkpoint.Cluster;

/// <summary>
/// The cluster's checkpoint store: object storage is the store of record, the Redis cache keeps the
/// latest few. A checkpoint is written to both at once; reads take the cache's copy first and verify
/// every copy (checksum, and that it is the checkpoint its name says), falling back to the other copy
/// and then to older checkpoints. When one store fails the other does its work: the operation goes
/// on, <c>taskmaster_checkpoint_store_fallbacks_total</c> counts it, <c>taskmaster_checkpoint_store_up</c>
/// drops to 0 and an error line starting <c>ALERT</c> is logged; once the store answers again the gauge is 1,
/// "is back" is logged, and writes go to both as before; <paramref name="alerts"/> is told of both changes.
/// Only when both fail does an operation throw (an <see cref="IOException"/>, which the checkpointer
/// reports as a failed checkpoint).
/// </summary>
public sealed class TieredCheckpointStore(
    ICheckpointRepository record, ICheckpointRepository cache, CheckpointStoreMetrics metrics, ILogger<TieredCheckpointStore> logger,
    ICheckpointStoreAlerts? alerts = null) : ICheckpointStore
{
    // What a store answers for a checkpoint it does not hold, told apart from a fault.
    private static readonly byte[] Missing = [];

    private readonly ConcurrentDictionary<string, bool> _down = new(StringComparer.Ordinal);

    /// <summary>The store of record (object storage).</summary>
    public ICheckpointRepository Record => record;

    /// <summary>The cache of the latest checkpoints (Redis).</summary>
    public ICheckpointRepository Cache => cache;

    /// <summary>
    /// Writes the checkpoint to both stores. Its location is the store of record's, or the cache's when
    /// object storage is down (then <see cref="CheckpointStored.MirrorError"/> says so).
    /// </summary>
    /// <exception cref="IOException">Neither store took it; the message says why for each.</exception>
    public async Task<CheckpointStored> StoreAsync(EncodedCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        // One copy for both stores: the caller may reuse its buffer once this returns.
        var owned = checkpoint with { Bytes = checkpoint.Bytes.ToArray() };
        var inRecord = AttemptAsync(record, () => record.PutAsync(owned, cancellationToken));
        var inCache = AttemptAsync(cache, () => cache.PutAsync(owned, cancellationToken));
        var ((saved, recordFault), (cached, cacheFault)) = (await inRecord.ConfigureAwait(false), await inCache.ConfigureAwait(false));
        if (saved is null && cached is null)
            throw new IOException($"checkpoint {checkpoint.Sequence} of {checkpoint.RunId} was stored nowhere: {record.Name}: {recordFault}; {cache.Name}: {cacheFault}");

        Settle("save", recordFault, cacheFault);
        return saved is not null
            ? new CheckpointStored(saved.Location, cached?.Location, cacheFault is null ? null : $"{cache.Name} cache: {cacheFault}")
            : new CheckpointStored(cached!.Location, null, $"{record.Name} (the store of record) failed, the checkpoint is in the {cache.Name} cache only: {recordFault}");
    }

    /// <summary>The run's checkpoints in either store, the newest first.</summary>
    /// <exception cref="IOException">Neither store could be listed.</exception>
    public async Task<IReadOnlyList<TieredCheckpoint>> ListAsync(string runId, CancellationToken cancellationToken)
    {
        var fromRecord = AttemptAsync(record, () => record.ListAsync(runId, cancellationToken));
        var fromCache = AttemptAsync(cache, () => cache.ListAsync(runId, cancellationToken));
        var ((recorded, recordFault), (cached, cacheFault)) = (await fromRecord.ConfigureAwait(false), await fromCache.ConfigureAwait(false));
        if (recorded is null && cached is null)
            throw new IOException($"the checkpoints of {runId} could not be listed: {record.Name}: {recordFault}; {cache.Name}: {cacheFault}");
        Settle("list", recordFault, cacheFault);

        var merged = new Dictionary<string, TieredCheckpoint>(StringComparer.Ordinal);
        foreach (var c in recorded ?? []) merged[c.Name] = new TieredCheckpoint(c, InRecord: true, InCache: false);
        foreach (var c in cached ?? [])
            merged[c.Name] = merged.TryGetValue(c.Name, out var both) ? both with { InCache = true } : new TieredCheckpoint(c, InRecord: false, InCache: true);
        return [.. merged.Values.OrderByDescending(c => c.Checkpoint.Sequence)];
    }

    /// <summary>The newest checkpoint of the run that verifies and passes <paramref name="extraCheck"/> (null to accept, or why not).</summary>
    public async Task<StoredCheckpointLoad> LoadNewestValidAsync(string runId, Func<CheckpointDocument, string?>? extraCheck = null, CancellationToken cancellationToken = default)
    {
        var refused = new List<RefusedStoredCheckpoint>();
        foreach (var candidate in await ListAsync(runId, cancellationToken).ConfigureAwait(false))
        {
            var found = await ReadAsync(candidate, extraCheck, refused, cancellationToken).ConfigureAwait(false);
            if (found is not null) return found with { Refused = refused };
        }
        return new StoredCheckpointLoad(null, null, refused);
    }

    /// <summary>The checkpoint a location names (from either store: the name is what counts), verified.</summary>
    public async Task<StoredCheckpointLoad> LoadAsync(string location, Func<CheckpointDocument, string?>? extraCheck = null, CancellationToken cancellationToken = default)
    {
        var refused = new List<RefusedStoredCheckpoint>();
        if (!StoredCheckpoint.TryParse(location, out var named))
        {
            refused.Add(new(location, new CheckpointRefusal(CheckpointRefusalKind.Unreadable, $"{location}: not a checkpoint location (…/runs/<run-id>/checkpoints/<sequence>-<sha256>.ckpt.gz)")));
            return new StoredCheckpointLoad(null, null, refused);
        }
        var found = await ReadAsync(new TieredCheckpoint(named, InRecord: true, InCache: true), extraCheck, refused, cancellationToken).ConfigureAwait(false);
        return found is not null ? found with { Refused = refused } : new StoredCheckpointLoad(null, null, refused);
    }

    // The cache's copy first (it is the fast one), then the record's; a refused or unreachable copy falls back to the other.
    private async Task<StoredCheckpointLoad?> ReadAsync(
        TieredCheckpoint candidate, Func<CheckpointDocument, string?>? extraCheck, List<RefusedStoredCheckpoint> refused, CancellationToken cancellationToken)
    {
        var copies = new List<ICheckpointRepository>(2);
        if (candidate.InCache) copies.Add(cache);
        if (candidate.InRecord) copies.Add(record);
        foreach (var store in copies)
        {
            var located = Relocate(candidate.Checkpoint, store);
            var (bytes, fault) = await AttemptAsync(store, async () => await store.GetAsync(located, cancellationToken).ConfigureAwait(false) ?? Missing).ConfigureAwait(false);
            if (bytes is null)
            {
                Settle("load", store == record ? fault : null, store == cache ? fault : null);
                continue;
            }
            var read = bytes == Missing ? CheckpointRepositoryReads.NotThere(located, store) : CheckpointRepositoryReads.Verify(located, bytes);
            if (read.IsValid && extraCheck?.Invoke(read.Document) is { } reason) read = CheckpointReadResult.Refused(CheckpointRefusalKind.Rejected, $"{located.Location}: {reason}");
            if (read.IsValid) return new StoredCheckpointLoad(read.Document, located, [], bytes);
            logger.Refused(located.Location, read.Refusal.Reason);
            refused.Add(new RefusedStoredCheckpoint(located.Location, read.Refusal));
        }
        return null;
    }

    private static StoredCheckpoint Relocate(StoredCheckpoint checkpoint, ICheckpointRepository store) =>
        checkpoint with { Location = store.Root + checkpoint.RelativePath };

    private async Task<(T? Value, string? Fault)> AttemptAsync<T>(ICheckpointRepository store, Func<Task<T>> call)
        where T : class
    {
        try
        {
            var value = await call().ConfigureAwait(false);
            if (metrics.SetUp(store.Name, up: true) && _down.TryRemove(store.Name, out _))
            {
                logger.StoreBack(store.Name);
                alerts?.Back(store.Name);
            }
            return (value, null);
        }
        catch (IOException ex)
        {
            metrics.SetUp(store.Name, up: false);
            return (null, ex.Message);
        }
    }

    // A fault of one store while the other answered is a fallback: counted, and alerted the first time.
    private void Settle(string operation, string? recordFault, string? cacheFault)
    {
        if (recordFault is not null && cacheFault is null) FellBack(record, cache, operation, recordFault);
        if (cacheFault is not null && recordFault is null) FellBack(cache, record, operation, cacheFault);
    }

    private void FellBack(ICheckpointRepository failed, ICheckpointRepository other, string operation, string problem)
    {
        metrics.FellBack(failed.Name, operation);
        if (_down.TryAdd(failed.Name, true))
        {
            logger.StoreDown(failed.Name, operation, other.Name, problem);
            alerts?.Down(failed.Name, other.Name, problem);
        }
        else logger.StoreStillDown(failed.Name, operation, other.Name, problem);
    }
}
