using Amazon.S3.Model;
using TaskMaster.Core.Checkpoints;
using TaskMaster.IntegrationTests.Fixtures;
using TaskMaster.S3;

namespace TaskMaster.IntegrationTests.Storage;

public sealed class S3CheckpointStoreTests(Servers servers)
{
    [Fact]
    public async Task Put_ThenReadVerified_GivesTheSameCheckpointUnderItsVersionedKey()
    {
        var (s3, store) = await TestCheckpoints.NewS3StoreAsync(servers.S3rver);
        using var client = s3;
        var runId = TestRuns.NewId();
        var checkpoint = TestCheckpoints.Encoded(runId, 3);

        var stored = await store.PutAsync(checkpoint, TestContext.Current.CancellationToken);
        var read = await store.ReadVerifiedAsync(stored, TestContext.Current.CancellationToken);

        Assert.Equal($"s3://{store.Bucket}/runs/{runId}/checkpoints/0000000003-{checkpoint.Checksum["sha256:".Length..]}.ckpt.gz", stored.Location);
        Assert.True(read.IsValid, read.ToString());
        Assert.Equal((runId, 3L, checkpoint.Checksum), (read.Document.RunId, read.Document.Sequence, read.Document.Checksum));
    }

    [Fact]
    public async Task List_GivesTheRunsCheckpointsNewestFirst_AndNoOtherRunsOnes()
    {
        var (s3, store) = await TestCheckpoints.NewS3StoreAsync(servers.S3rver);
        using var client = s3;
        var (runId, other) = (TestRuns.NewId(), TestRuns.NewId());
        foreach (var sequence in new[] { 2L, 10, 1 }) await store.PutAsync(TestCheckpoints.Encoded(runId, sequence), TestContext.Current.CancellationToken);
        await store.PutAsync(TestCheckpoints.Encoded(other, 5), TestContext.Current.CancellationToken);

        var listed = await store.ListAsync(runId, TestContext.Current.CancellationToken);

        Assert.Equal([10L, 2, 1], listed.Select(c => c.Sequence));
        Assert.All(listed, c => Assert.Equal(runId, c.RunId));
    }

    [Fact]
    public async Task Put_PastKeep_PrunesTheOldestOfThatRun()
    {
        var (s3, store) = await TestCheckpoints.NewS3StoreAsync(servers.S3rver, keep: 2);
        using var client = s3;
        var runId = TestRuns.NewId();

        for (var sequence = 1; sequence <= 4; sequence++) await store.PutAsync(TestCheckpoints.Encoded(runId, sequence), TestContext.Current.CancellationToken);
        var listed = await store.ListAsync(runId, TestContext.Current.CancellationToken);

        Assert.Equal([4L, 3], listed.Select(c => c.Sequence));
    }

    [Fact]
    public async Task ReadVerified_ADamagedObject_IsRefusedNamingIt()
    {
        var (s3, store) = await TestCheckpoints.NewS3StoreAsync(servers.S3rver);
        using var client = s3;
        var checkpoint = TestCheckpoints.Encoded(TestRuns.NewId(), 1);
        var stored = await store.PutAsync(checkpoint, TestContext.Current.CancellationToken);
        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = store.Bucket, Key = stored.RelativePath, InputStream = new MemoryStream(TestCheckpoints.Damaged(checkpoint)), UseChunkEncoding = false,
        }, TestContext.Current.CancellationToken);

        var read = await store.ReadVerifiedAsync(stored, TestContext.Current.CancellationToken);

        Assert.False(read.IsValid);
        Assert.StartsWith(stored.Location + ": ", read.Refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadVerified_AMissingObject_IsRefusedAsUnreadable()
    {
        var (s3, store) = await TestCheckpoints.NewS3StoreAsync(servers.S3rver);
        using var client = s3;
        var checkpoint = TestCheckpoints.Encoded(TestRuns.NewId(), 1);
        Assert.True(StoredCheckpoint.TryParse($"s3://{store.Bucket}/{StoredCheckpoint.PathFor(checkpoint.RunId, 1, checkpoint.Checksum)}", out var absent));

        var read = await store.ReadVerifiedAsync(absent, TestContext.Current.CancellationToken);

        Assert.Equal(CheckpointRefusalKind.Unreadable, read.Refusal?.Kind);
    }

    [Fact]
    public async Task Put_TheSameCheckpointTwiceOnRgw_IsAcceptedAndKeepsOneObject()
    {
        var (s3, store) = await TestCheckpoints.NewS3StoreAsync(servers.Rgw);
        using var client = s3;
        var checkpoint = TestCheckpoints.Encoded(TestRuns.NewId(), 1);

        var first = await store.PutAsync(checkpoint, TestContext.Current.CancellationToken);
        var second = await store.PutAsync(checkpoint, TestContext.Current.CancellationToken);
        var listed = await store.ListAsync(checkpoint.RunId, TestContext.Current.CancellationToken);

        Assert.Equal(first, second);
        Assert.Equal([first], listed);
    }

    [Fact]
    public async Task Put_OverAnObjectOfTheSameNameOnRgw_LeavesTheFirstInPlace()
    {
        var (s3, store) = await TestCheckpoints.NewS3StoreAsync(servers.Rgw);
        using var client = s3;
        var checkpoint = TestCheckpoints.Encoded(TestRuns.NewId(), 1);
        var stored = await store.PutAsync(checkpoint, TestContext.Current.CancellationToken);

        // A second writer with other bytes under the same name: If-None-Match keeps the first.
        await store.PutAsync(checkpoint with { Bytes = TestCheckpoints.Damaged(checkpoint) }, TestContext.Current.CancellationToken);
        var read = await store.ReadVerifiedAsync(stored, TestContext.Current.CancellationToken);

        Assert.True(read.IsValid, read.ToString());
    }
}
