using TaskMaster.Checkpoint.Tests.Support;

namespace TaskMaster.Checkpoint.Tests;

public sealed class CheckpointFileNameTests
{
    [Fact]
    public void TryParse_NameOfADocument_GivesBackItsParts()
    {
        var document = CheckpointFolders.Document(12) with { Reason = "task-after" };

        Assert.True(CheckpointFileName.TryParse(CheckpointFolders.FileName(document), out var parts));

        Assert.Equal((document.Timestamp, document.RunId, 12L, "task-after"), parts);
    }

    [Fact]
    public void For_RunIdWithPathCharacters_StaysOneFileName()
    {
        var name = CheckpointFolders.FileName(CheckpointFolders.Document(1, runId: "../x/y z"));

        Assert.Equal("20261124T103100000Z-x-y-z-000001-interval.json.gz", name);
    }

    [Fact]
    public void TryParse_NameOfAFormat1File_GivesBackItsParts()
    {
        Assert.True(CheckpointFileName.TryParse("20261124T103100000Z-run-a-000004-shutdown.json", out var parts));

        Assert.Equal((4L, "run-a", "shutdown"), (parts.Sequence, parts.RunId, parts.Reason));
    }

    [Theory]
    [InlineData("latest.json")]
    [InlineData(".tmp-20261124T103100000Z-run-000001-interval.json-0badf00d")]
    [InlineData(".tmp-20261124T103100000Z-run-000001-interval.json.gz-0badf00d")]
    [InlineData("20261124T103100000Z-run-000001-interval.json.bak")]
    [InlineData("notes.json")]
    public void TryParse_OtherFiles_False(string fileName) =>
        Assert.False(CheckpointFileName.TryParse(fileName, out _));
}
