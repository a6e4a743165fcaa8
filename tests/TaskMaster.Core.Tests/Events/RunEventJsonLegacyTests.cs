using TaskMaster.Core.Events;

namespace TaskMaster.Core.Tests.Events;

/// <summary>
/// Journals written before checkpoints had locations (commit b4297c4 and earlier) name them
/// <c>path</c>, <c>mirrorPath</c> and <c>checkpointPath</c>: they must still read, and be written back with the new names.
/// </summary>
public sealed class RunEventJsonLegacyTests
{
    private static readonly string[] Lines =
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Events", "BeforeLocations", "journal.jsonl"));

    [Fact]
    public void Deserialize_CheckpointTakenWithPathNames_ReadsThemAsLocations()
    {
        var taken = Assert.IsType<CheckpointTaken>(RunEventJson.Deserialize(System.Text.Encoding.UTF8.GetBytes(Lines[0])));

        Assert.Equal("/home/user/.taskmaster/checkpoints/checkpoint-000004.json", taken.Location);
        Assert.Equal("/home/user/.taskmaster/checkpoints-mirror/checkpoint-000004.json", taken.MirrorLocation);
        Assert.Equal((4L, 12L, 13L), (taken.CheckpointSequence, taken.JournalPosition, taken.Sequence));
    }

    [Fact]
    public void Deserialize_RunRolledBackWithCheckpointPath_ReadsItAsTheLocation()
    {
        var rolledBack = Assert.IsType<RunRolledBack>(RunEventJson.Deserialize(System.Text.Encoding.UTF8.GetBytes(Lines[1])));

        Assert.Equal("/home/user/.taskmaster/checkpoints/checkpoint-000003.json", rolledBack.CheckpointLocation);
        Assert.Equal("deploy", Assert.Single(rolledBack.Resets).TaskId);
    }

    [Fact]
    public void Serialize_OldEventReadBack_WritesOnlyTheLocationNames()
    {
        var json = System.Text.Encoding.UTF8.GetString(RunEventJson.Serialize(RunEventJson.Deserialize(System.Text.Encoding.UTF8.GetBytes(Lines[0]))));

        Assert.Contains("\"location\":\"/home/user/.taskmaster/checkpoints/checkpoint-000004.json\"", json, StringComparison.Ordinal);
        Assert.Contains("\"mirrorLocation\":", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"path\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"mirrorPath\"", json, StringComparison.Ordinal);
    }
}
