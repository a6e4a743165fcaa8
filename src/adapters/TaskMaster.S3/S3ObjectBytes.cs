using Amazon.S3;

namespace TaskMaster.S3;

/// <summary>An object's bytes and metadata, read whole (checkpoints and state files are small enough, and are verified whole).</summary>
internal static class S3ObjectBytes
{
    public static async Task<(byte[] Bytes, string? Metadata)> ReadAsync(IAmazonS3 s3, string bucket, string key, string? metadataName, CancellationToken cancellationToken) =>
        await S3StoreException.Guard(async () =>
        {
            using var response = await s3.GetObjectAsync(bucket, key, cancellationToken).ConfigureAwait(false);
            using var bytes = new MemoryStream();
            await response.ResponseStream.CopyToAsync(bytes, cancellationToken).ConfigureAwait(false);
            return (bytes.ToArray(), metadataName is null ? null : response.Metadata[metadataName]);
        }, $"reading s3://{bucket}/{key}", cancellationToken).ConfigureAwait(false);
}
