using Amazon.S3;
using TaskMaster.Core.Checkpoints;
using TaskMaster.Core.Tests.Checkpoints;
using TaskMaster.S3;
using TaskMaster.Testing.Servers;

namespace TaskMaster.IntegrationTests.Storage;

/// <summary>Encoded checkpoints of a fresh run, and an S3 store in a bucket of its own.</summary>
internal static class TestCheckpoints
{
    public static EncodedCheckpoint Encoded(string runId, long sequence) =>
        CheckpointCodec.Encode(CheckpointSamples.Running(runId, sequence, at: CheckpointSamples.T0.AddMinutes(sequence)), new MemoryStream());

    public static async Task<(AmazonS3Client S3, S3CheckpointStore Store)> NewS3StoreAsync(S3Server server, int keep = 20)
    {
        var s3 = server.CreateClient();
        var bucket = $"taskmaster-{Guid.NewGuid():N}"[..30];
        await s3.PutBucketAsync(bucket);
        return (s3, new S3CheckpointStore(s3, bucket, keep));
    }

    /// <summary>The same bytes with one changed inside the compressed data: still gzip-shaped, no longer the checkpoint.</summary>
    public static byte[] Damaged(EncodedCheckpoint checkpoint)
    {
        var bytes = checkpoint.Bytes.ToArray();
        bytes[bytes.Length / 2] ^= 0x40;
        return bytes;
    }
}
