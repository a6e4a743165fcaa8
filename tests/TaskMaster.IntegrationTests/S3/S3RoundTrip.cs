using System.Text;
using Amazon.S3;
using Amazon.S3.Model;

namespace TaskMaster.IntegrationTests.S3;

/// <summary>What the checkpoint store does with any S3 server: a bucket, then put, get, list and delete.</summary>
internal static class S3RoundTrip
{
    public static async Task<string> NewBucketAsync(IAmazonS3 s3)
    {
        var bucket = $"taskmaster-{Guid.NewGuid():N}"[..30];
        await s3.PutBucketAsync(bucket);
        return bucket;
    }

    public static Task<PutObjectResponse> PutAsync(IAmazonS3 s3, string bucket, string key, string body, Action<PutObjectRequest>? change = null)
    {
        // Chunk encoding off: s3rver stores a chunk-encoded body with its chunk headers in it.
        var request = new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = body, UseChunkEncoding = false };
        change?.Invoke(request);
        return s3.PutObjectAsync(request);
    }

    public static async Task<string> GetAsync(IAmazonS3 s3, string bucket, string key, string? versionId = null)
    {
        using var response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key, VersionId = versionId });
        using var reader = new StreamReader(response.ResponseStream, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    /// <summary>Puts, gets, lists and deletes one object; asserts each step.</summary>
    public static async Task PutGetListDeleteAsync(IAmazonS3 s3)
    {
        var bucket = await NewBucketAsync(s3);

        await PutAsync(s3, bucket, "runs/r1/checkpoint.json", """{"seq":1}""");
        var read = await GetAsync(s3, bucket, "runs/r1/checkpoint.json");
        var listed = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = "runs/" });
        await s3.DeleteObjectAsync(bucket, "runs/r1/checkpoint.json");
        var afterDelete = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = "runs/" });

        Assert.Equal("""{"seq":1}""", read);
        Assert.Equal(["runs/r1/checkpoint.json"], listed.S3Objects.Select(entry => entry.Key));
        // An empty listing is null, not empty, in AWSSDK.S3 4.
        Assert.Empty(afterDelete.S3Objects ?? []);
    }
}
