using TaskMaster.Checkpoint.Tests.Support;
using TaskMaster.Core.Checkpoints;
using static TaskMaster.Checkpoint.Tests.Support.CheckpointFolders;

namespace TaskMaster.Checkpoint.Tests;

/// <summary><c>resume --from-checkpoint …/latest.json</c>: the pointer is followed, and a pointer that cannot be is refused saying why.</summary>
public sealed class FileCheckpointStoreLatestTests : IDisposable
{
    private readonly CheckpointFolders _folders = new();

    private string Latest => Path.Combine(_folders.Primary, "latest.json");

    [Fact]
    public async Task LoadAsync_LatestJson_LoadsTheCheckpointItNamesFromThePrimary()
    {
        using var store = _folders.Store();
        var written = await WriteAsync(store, 2);

        var loaded = await store.LoadAsync(Latest);

        Assert.Equal(2, loaded.Document?.Sequence);
        Assert.Equal(written[1].Primary.Path, loaded.Path);
        Assert.Equal(CheckpointLocation.Primary, loaded.Location);
    }

    [Fact]
    public async Task LoadAsync_LatestNamesAFileThatIsGone_RefusedNamingIt()
    {
        using var store = _folders.Store();
        var written = await store.WriteAsync(Document(1));
        File.Delete(written.Primary.Path);

        var loaded = await store.LoadAsync(Latest);

        var refused = Assert.Single(loaded.Refused);
        Assert.Equal((CheckpointRefusalKind.Unreadable, Latest), (refused.Refusal.Kind, refused.Path));
        Assert.StartsWith($"latest.json names {written.FileName}, which cannot be read (", refused.Refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_LatestNamesACorruptedFile_RefusedWithThatFilesReason()
    {
        using var store = _folders.Store();
        var written = await store.WriteAsync(Document(1));
        Corrupt(written.Primary.Path);

        var loaded = await store.LoadAsync(Latest);

        var refusal = Assert.Single(loaded.Refused).Refusal;
        Assert.Equal(CheckpointRefusalKind.ChecksumMismatch, refusal.Kind);
        Assert.StartsWith($"latest.json names {written.FileName}, which is refused: checksum mismatch: ", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_LatestNamesAFileReplacedByAnotherCheckpoint_Refused()
    {
        using var store = _folders.Store();
        var written = await store.WriteAsync(Document(1));
        File.WriteAllBytes(written.Primary.Path, CheckpointCodec.Encode(Document(1) with { Reason = "manual" }));

        var loaded = await store.LoadAsync(Latest);

        var refusal = Assert.Single(loaded.Refused).Refusal;
        Assert.Equal(CheckpointRefusalKind.ChecksumMismatch, refusal.Kind);
        Assert.EndsWith("it was replaced since", refusal.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../elsewhere/20261124T103100000Z-run-1-000001-interval.json.gz")]
    [InlineData("/etc/passwd")]
    [InlineData("latest.json")]
    public async Task LoadAsync_LatestNamesSomethingOtherThanACheckpointBesideIt_RefusedAsNotAPointer(string named)
    {
        using var store = _folders.Store();
        await store.WriteAsync(Document(1));
        File.WriteAllText(Latest, $"{{\"latest\": \"{named}\", \"checksum\": \"sha256:00\", \"run_id\": \"r\", \"sequence\": 1, \"reason\": \"x\", \"timestamp\": \"2026-11-24T10:30:00Z\", \"journal_position\": 1}}");

        var loaded = await store.LoadAsync(Latest);

        var refusal = Assert.Single(loaded.Refused).Refusal;
        Assert.Equal(CheckpointRefusalKind.SchemaViolation, refusal.Kind);
        Assert.StartsWith("not a checkpoint pointer: ", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_LatestNamesAFileNameLongerThanAnyFileCanHave_RefusedQuotingItShortened()
    {
        using var store = _folders.Store();
        await store.WriteAsync(Document(1));
        var named = "20261124T103100000Z-run-" + new string('1', 3000) + "-000001-interval.json.gz";
        File.WriteAllText(Latest, $"{{\"latest\": \"{named}\", \"checksum\": \"sha256:00\", \"run_id\": \"r\", \"sequence\": 1, \"reason\": \"x\", \"timestamp\": \"2026-11-24T10:30:00Z\", \"journal_position\": 1}}");

        var loaded = await store.LoadAsync(Latest);

        var refusal = Assert.Single(loaded.Refused).Refusal;
        Assert.StartsWith("not a checkpoint pointer: ", refusal.Reason, StringComparison.Ordinal);
        Assert.Contains($"…' ({named.Length:N0} characters)", refusal.Reason, StringComparison.Ordinal);
        Assert.True(refusal.Reason.Length < 300, $"{refusal.Reason.Length} characters");
    }

    [Fact]
    public async Task LoadAsync_LatestNamesAFileWithANulCharacter_RefusedAsNotAPointerInsteadOfThrowing()
    {
        // Found by the loader's fuzzer (seed 421294284, input 253): the name reached File.ReadAllBytes, which threw.
        using var store = _folders.Store();
        await store.WriteAsync(Document(1));
        File.WriteAllText(Latest, "{\"latest\": \"20261124T103100000Z-run-\\u0000-000001-interval.json.gz\", \"checksum\": \"sha256:00\", \"run_id\": \"r\", \"sequence\": 1, \"reason\": \"x\", \"timestamp\": \"2026-11-24T10:30:00Z\", \"journal_position\": 1}");

        var loaded = await store.LoadAsync(Latest);

        Assert.StartsWith("not a checkpoint pointer: ", Assert.Single(loaded.Refused).Refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_LatestJsonCutShort_RefusedAndTheNewestValidStillLoads()
    {
        using var store = _folders.Store();
        await WriteAsync(store, 2);
        var text = File.ReadAllText(Latest);
        File.WriteAllText(Latest, text[..(text.Length / 2)]);

        var named = await store.LoadAsync(Latest);
        var newest = await store.LoadNewestValidAsync();

        Assert.False(named.Found);
        Assert.StartsWith("not a checkpoint pointer: ", Assert.Single(named.Refused).Refusal.Reason, StringComparison.Ordinal);
        Assert.Equal(2, newest.Document?.Sequence);
    }

    [Fact]
    public async Task Load_LatestJson_FollowsItAsTheAsynchronousLoadDoes()
    {
        using var store = _folders.Store();
        await store.WriteAsync(Document(4));

        var document = store.Load(Latest, out var problem);

        Assert.Equal((4L, null), (document?.Sequence, problem));
    }

    public void Dispose() => _folders.Dispose();
}
