using Amazon.S3;
using Amazon.S3.Model;
using TaskMaster.Core.Checkpoints;

namespace TaskMaster.S3;

/// <summary>
/// Archival in object storage, as the embedded archiver does on disk: checkpoints last written before
/// a cut-off move to <c>archive/runs/&lt;run-id&gt;/checkpoints/…</c> (a prefix a bucket lifecycle rule can
/// send to a colder storage class), copied server-side, the copy checked to be the same bytes, and only
/// then the original deleted. The newest valid checkpoint of each run always stays.
/// </summary>
public sealed class S3CheckpointArchiver(IAmazonS3 s3, S3CheckpointStore store, TimeProvider timeProvider)
{
    public const string ArchivePrefix = "archive/";

    /// <summary>Archives what every run (or <paramref name="runId"/> alone) last wrote more than <paramref name="age"/> ago; returns what moved.</summary>
    public async Task<IReadOnlyList<StoredCheckpoint>> ArchiveOlderThanAsync(TimeSpan age, string? runId = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(age, TimeSpan.Zero);
        var cutoff = timeProvider.GetUtcNow() - age;
        var prefix = runId is null ? "runs/" : StoredCheckpoint.RunPrefix(runId);
        var archived = new List<StoredCheckpoint>();
        foreach (var run in (await store.ListWithDatesAsync(prefix, cancellationToken).ConfigureAwait(false)).GroupBy(c => c.Checkpoint.RunId))
        {
            var keep = await NewestValidAsync(run.Select(c => c.Checkpoint), cancellationToken).ConfigureAwait(false);
            foreach (var (checkpoint, written) in run)
            {
                if (checkpoint.Name == keep?.Name || written >= cutoff) continue;
                await MoveAsync(checkpoint, cancellationToken).ConfigureAwait(false);
                archived.Add(checkpoint);
            }
        }
        return archived;
    }

    private async Task<StoredCheckpoint?> NewestValidAsync(IEnumerable<StoredCheckpoint> newestFirst, CancellationToken cancellationToken)
    {
        foreach (var checkpoint in newestFirst)
        {
            var bytes = await store.GetAsync(checkpoint, cancellationToken).ConfigureAwait(false);
            if (bytes is not null && CheckpointCodec.Decode(bytes) is { IsValid: true } read && read.Document.Checksum == checkpoint.Checksum) return checkpoint;
        }
        return null;
    }

    // Through the client, not CopyObject: s3rver cannot copy, and the copy is read back either way.
    private async Task MoveAsync(StoredCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        var source = checkpoint.RelativePath;
        var target = ArchivePrefix + source;
        var what = $"archiving s3://{store.Bucket}/{source}";
        var original = await store.GetAsync(checkpoint, cancellationToken).ConfigureAwait(false);
        if (original is null) return; // pruned since it was listed
        await S3StoreException.Guard(() => s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = store.Bucket, Key = target, InputStream = new MemoryStream(original, writable: false),
            ContentType = "application/gzip", UseChunkEncoding = false,
        }, cancellationToken), what, cancellationToken).ConfigureAwait(false);
        var (copy, _) = await S3ObjectBytes.ReadAsync(s3, store.Bucket, target, metadataName: null, cancellationToken).ConfigureAwait(false);
        if (!copy.AsSpan().SequenceEqual(original))
            throw new S3StoreException($"{what}: the copy at {target} does not read back the same ({copy.Length} bytes, expected {original.Length}); nothing deleted");
        await store.DeleteAsync(checkpoint, cancellationToken).ConfigureAwait(false);
    }
}
