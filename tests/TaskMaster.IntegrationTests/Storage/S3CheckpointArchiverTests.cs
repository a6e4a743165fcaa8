using TaskMaster.IntegrationTests.Fixtures;
using TaskMaster.S3;

namespace TaskMaster.IntegrationTests.Storage;

public sealed class S3CheckpointArchiverTests(Servers servers)
{
    [Fact]
    public async Task Archive_OlderThanNow_MovesAllButTheNewestValidToTheArchivePrefix()
    {
        var (s3, store) = await TestCheckpoints.NewS3StoreAsync(servers.S3rver);
        using var client = s3;
        var runId = TestRuns.NewId();
        for (var sequence = 1; sequence <= 3; sequence++) await store.PutAsync(TestCheckpoints.Encoded(runId, sequence), TestContext.Current.CancellationToken);

        var archived = await new S3CheckpointArchiver(s3, store, TimeProvider.System).ArchiveOlderThanAsync(TimeSpan.Zero, runId, TestContext.Current.CancellationToken);
        var left = await store.ListAsync(runId, TestContext.Current.CancellationToken);
        var inArchive = await new S3CheckpointStore(s3, store.Bucket).ListWithDatesAsync(S3CheckpointArchiver.ArchivePrefix + "runs/" + runId + "/", TestContext.Current.CancellationToken);

        Assert.Equal([2L, 1], archived.Select(c => c.Sequence));
        Assert.Equal([3L], left.Select(c => c.Sequence));
        Assert.Equal([2L, 1], inArchive.Select(c => c.Checkpoint.Sequence));
    }

    [Fact]
    public async Task Archive_OfRecentCheckpoints_MovesNothing()
    {
        var (s3, store) = await TestCheckpoints.NewS3StoreAsync(servers.S3rver);
        using var client = s3;
        var runId = TestRuns.NewId();
        for (var sequence = 1; sequence <= 2; sequence++) await store.PutAsync(TestCheckpoints.Encoded(runId, sequence), TestContext.Current.CancellationToken);

        var archived = await new S3CheckpointArchiver(s3, store, TimeProvider.System).ArchiveOlderThanAsync(TimeSpan.FromHours(1), runId, TestContext.Current.CancellationToken);

        Assert.Empty(archived);
        Assert.Equal(2, (await store.ListAsync(runId, TestContext.Current.CancellationToken)).Count);
    }
}
