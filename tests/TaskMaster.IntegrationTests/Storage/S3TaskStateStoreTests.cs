using Amazon.S3.Model;
using TaskMaster.IntegrationTests.Fixtures;
using TaskMaster.S3;

namespace TaskMaster.IntegrationTests.Storage;

public sealed class S3TaskStateStoreTests(Servers servers)
{
    [Fact]
    public async Task Put_ThenGet_GivesTheSameBytes_AndAMissingOneIsNull()
    {
        var (s3, store) = await TestCheckpoints.NewS3StoreAsync(servers.S3rver);
        using var client = s3;
        var states = new S3TaskStateStore(s3, store.Bucket);
        var runId = TestRuns.NewId();

        await states.PutAsync(runId, "build", "step=3\n"u8.ToArray(), TestContext.Current.CancellationToken);
        var read = await states.GetAsync(runId, "build", TestContext.Current.CancellationToken);
        var missing = await states.GetAsync(runId, "other", TestContext.Current.CancellationToken);

        Assert.Equal("step=3\n"u8.ToArray(), read);
        Assert.Null(missing);
    }

    [Fact]
    public async Task Get_ADamagedStateFile_IsRefusedNamingIt()
    {
        var (s3, store) = await TestCheckpoints.NewS3StoreAsync(servers.S3rver);
        using var client = s3;
        var states = new S3TaskStateStore(s3, store.Bucket);
        var runId = TestRuns.NewId();
        var sha = await states.PutAsync(runId, "build", "step=3\n"u8.ToArray(), TestContext.Current.CancellationToken);
        var overwrite = new PutObjectRequest
        {
            BucketName = store.Bucket, Key = S3TaskStateStore.KeyFor(runId, "build"), ContentBody = "step=4\n", UseChunkEncoding = false,
        };
        overwrite.Metadata["sha256"] = sha;
        await s3.PutObjectAsync(overwrite, TestContext.Current.CancellationToken);

        var refused = await Assert.ThrowsAsync<InvalidDataException>(() => states.GetAsync(runId, "build", TestContext.Current.CancellationToken));

        Assert.Contains(S3TaskStateStore.KeyFor(runId, "build"), refused.Message, StringComparison.Ordinal);
    }
}
