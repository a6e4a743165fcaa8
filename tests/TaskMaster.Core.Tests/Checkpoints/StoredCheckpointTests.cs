using TaskMaster.Core.Checkpoints;
using TaskMaster.Core.Runs;

namespace TaskMaster.Core.Tests.Checkpoints;

public sealed class StoredCheckpointTests
{
    private const string Checksum = "sha256:3f2a9c1b7d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8";

    [Fact]
    public void PathFor_ARunAndSequence_NamesItBySequenceAndChecksum()
    {
        var path = StoredCheckpoint.PathFor("run-1", 42, Checksum);

        Assert.Equal("runs/run-1/checkpoints/0000000042-3f2a9c1b7d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8.ckpt.gz", path);
    }

    [Theory]
    [InlineData("s3://bucket/")]
    [InlineData("redis://taskmaster/")]
    [InlineData("")]
    public void TryParse_ALocationInAnyStore_GivesBackItsRunSequenceAndChecksum(string root)
    {
        var location = root + StoredCheckpoint.PathFor("run-1", 42, Checksum);

        Assert.True(StoredCheckpoint.TryParse(location, out var parsed));
        Assert.Equal(new StoredCheckpoint("run-1", 42, Checksum, location), parsed);
    }

    [Theory]
    [InlineData("/home/me/.taskmaster/checkpoints/latest.json")]
    [InlineData("s3://bucket/runs/run-1/checkpoints/42-abc.ckpt.gz")]
    [InlineData("s3://bucket/runs/../checkpoints/0000000042-3f2a9c1b7d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8.ckpt.gz")]
    public void TryParse_AnythingElse_IsFalse(string location) => Assert.False(StoredCheckpoint.TryParse(location, out _));

    [Fact]
    public void Names_OfIncreasingSequences_SortInTheirOrder()
    {
        var names = new long[] { 9, 10, 100, 1 }.Select(s => StoredCheckpoint.NameFor(s, Checksum)).Order(StringComparer.Ordinal);

        Assert.Equal(new long[] { 1, 9, 10, 100 }.Select(s => StoredCheckpoint.NameFor(s, Checksum)), names);
    }

    [Theory]
    [InlineData("run-20261124-103000-ab12", true)]
    [InlineData("a.b_c-d", true)]
    [InlineData("", false)]
    [InlineData("run}x", false)]
    [InlineData("run/x", false)]
    [InlineData(".hidden", false)]
    public void RunIds_IsValid_AllowsOnlyWhatAKeyAndAnObjectNameCanHold(string runId, bool valid) => Assert.Equal(valid, RunIds.IsValid(runId));
}
