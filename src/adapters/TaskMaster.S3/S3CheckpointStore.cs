using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using TaskMaster.Core.Checkpoints;

namespace TaskMaster.S3;

/// <summary>
/// Checkpoints in object storage, the cluster's store of record: each under its own key
/// <c>runs/&lt;run-id&gt;/checkpoints/&lt;sequence:D10&gt;-&lt;sha256&gt;.ckpt.gz</c> (the encoded format-2 bytes,
/// unchanged), written once (<c>If-None-Match: *</c>: a key is never overwritten, so no version is lost
/// even without bucket versioning), then the run pruned to its newest <see cref="Keep"/>. Bytes are
/// given back as stored: the reader verifies them against the checksum in their name.
/// Faults are thrown as <see cref="S3StoreException"/>.
/// </summary>
public sealed class S3CheckpointStore(IAmazonS3 s3, string bucket, int keep = 20) : ICheckpointRepository
{
    public string Name => "s3";

    public string Bucket { get; } = bucket;

    public string Root => $"s3://{Bucket}/";

    /// <summary>Checkpoints kept per run.</summary>
    public int Keep { get; } = keep >= 1 ? keep : throw new ArgumentOutOfRangeException(nameof(keep), keep, "keep at least one");

    public async Task<StoredCheckpoint> PutAsync(EncodedCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var stored = Locate(StoredCheckpoint.PathFor(checkpoint.RunId, checkpoint.Sequence, checkpoint.Checksum));
        var request = new PutObjectRequest
        {
            BucketName = Bucket,
            Key = stored.RelativePath,
            // Copied: the bytes may be a buffer its encoder reuses once this returns.
            InputStream = new MemoryStream(checkpoint.Bytes.ToArray(), writable: false),
            ContentType = "application/gzip",
            IfNoneMatch = "*",
            // s3rver stores a chunk-encoded body with its chunk headers inside.
            UseChunkEncoding = false,
        };
        request.Metadata["checksum"] = checkpoint.Checksum;
        try
        {
            await S3StoreException.Guard(() => s3.PutObjectAsync(request, cancellationToken), $"writing {stored.Location}", cancellationToken).ConfigureAwait(false);
        }
        catch (S3StoreException ex) when (ex.InnerException is AmazonS3Exception { StatusCode: HttpStatusCode.PreconditionFailed })
        {
            // Already there: the same name is the same checksum, so the same checkpoint (a retried save).
        }

        try
        {
            await PruneAsync(checkpoint.RunId, stored, cancellationToken).ConfigureAwait(false);
        }
        catch (S3StoreException)
        {
            // Housekeeping: the checkpoint is stored; what could not be pruned now is pruned next time.
        }
        return stored;
    }

    public async Task<IReadOnlyList<StoredCheckpoint>> ListAsync(string runId, CancellationToken cancellationToken) =>
        [.. (await ListWithDatesAsync(StoredCheckpoint.RunPrefix(runId), cancellationToken).ConfigureAwait(false)).Select(c => c.Checkpoint).Where(c => c.RunId == runId)];

    /// <summary>The checkpoints under <paramref name="prefix"/> with when each was written, the newest sequence first.</summary>
    internal async Task<List<(StoredCheckpoint Checkpoint, DateTimeOffset Written)>> ListWithDatesAsync(string prefix, CancellationToken cancellationToken)
    {
        var listed = new List<(StoredCheckpoint, DateTimeOffset)>();
        var request = new ListObjectsV2Request { BucketName = Bucket, Prefix = prefix };
        do
        {
            var page = await S3StoreException.Guard(() => s3.ListObjectsV2Async(request, cancellationToken), $"listing s3://{Bucket}/{request.Prefix}", cancellationToken)
                .ConfigureAwait(false);
            // An empty listing is null, not empty, in AWSSDK.S3 4.
            foreach (var item in page.S3Objects ?? [])
            {
                if (StoredCheckpoint.TryParse($"s3://{Bucket}/{item.Key}", out var found))
                    listed.Add((found, item.LastModified is { } written ? new DateTimeOffset(written.ToUniversalTime()) : DateTimeOffset.MinValue));
            }
            request.ContinuationToken = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (request.ContinuationToken is not null);

        listed.Sort((a, b) => b.Item1.Sequence.CompareTo(a.Item1.Sequence));
        return listed;
    }

    public async Task<byte[]?> GetAsync(StoredCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var key = checkpoint.RelativePath;
        try
        {
            return (await S3ObjectBytes.ReadAsync(s3, Bucket, key, metadataName: null, cancellationToken).ConfigureAwait(false)).Bytes;
        }
        catch (S3StoreException ex) when (ex.InnerException is AmazonS3Exception { StatusCode: HttpStatusCode.NotFound })
        {
            return null;
        }
    }

    /// <summary>Deletes one checkpoint (archival moves it first).</summary>
    public Task DeleteAsync(StoredCheckpoint checkpoint, CancellationToken cancellationToken) =>
        S3StoreException.Guard(() => s3.DeleteObjectAsync(Bucket, checkpoint.RelativePath, cancellationToken), $"deleting s3://{Bucket}/{checkpoint.RelativePath}", cancellationToken);

    internal StoredCheckpoint Locate(string relativePath) =>
        StoredCheckpoint.TryParse($"s3://{Bucket}/{relativePath}", out var stored) ? stored : throw new ArgumentException($"not a checkpoint key: {relativePath}", nameof(relativePath));

    // Never the one just written: a resumed run's older sequence must not delete its own newest checkpoint.
    private async Task PruneAsync(string runId, StoredCheckpoint justWritten, CancellationToken cancellationToken)
    {
        var all = await ListAsync(runId, cancellationToken).ConfigureAwait(false);
        foreach (var old in all.Skip(Keep).Where(c => c.Name != justWritten.Name))
            await DeleteAsync(old, cancellationToken).ConfigureAwait(false);
    }
}
