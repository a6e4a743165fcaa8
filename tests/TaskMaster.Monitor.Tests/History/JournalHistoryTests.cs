using TaskMaster.Checkpoint.Journal;
using TaskMaster.Core.Events;
using TaskMaster.Core.Policies;
using TaskMaster.Core.State;
using TaskMaster.Monitor.History;
using TaskMaster.Monitor.Tests.Support;

namespace TaskMaster.Monitor.Tests.History;

public sealed class JournalHistoryTests : IDisposable
{
    private const string RunId = "run-20261125-030000-beef";

    private static readonly DateTimeOffset Start = new(2026, 11, 25, 3, 0, 0, TimeSpan.Zero);

    private readonly TempHome _home = new();

    private string JournalPath => _home.Layout.JournalPath(RunId);

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task Read_AfterMoreEventsAreAppended_EqualsAFullRebuild()
    {
        var history = new JournalHistory(_home.Layout, RunId);
        await using var journal = FileEventJournal.Create(JournalPath);
        await AppendAsync(journal, FirstHalf());
        history.Read();

        await AppendAsync(journal, SecondHalf());
        var incremental = history.Read();

        AssertSameHistory(HistoryBuilder.Build(_home.Layout, RunId), incremental);
        Assert.Equal([AttemptOutcome.Succeeded, AttemptOutcome.Failed, AttemptOutcome.Cancelled], incremental.Timeline.Select(t => t.Outcome));
    }

    [Fact]
    public async Task Read_TornLastLine_IsLeftForTheNextRead()
    {
        var history = new JournalHistory(_home.Layout, RunId);
        await using (var journal = FileEventJournal.Create(JournalPath)) await AppendAsync(journal, FirstHalf());
        var whole = await LineOfAsync(FirstHalf(), new TaskSucceeded(Start.AddSeconds(9), "b", 1, 0, TimeSpan.FromSeconds(8)));
        var half = whole.Length / 2;
        await AppendBytesAsync(whole[..half]);

        var torn = history.Read();
        await AppendBytesAsync(whole[half..]);
        var completed = history.Read();

        Assert.Equal(AttemptOutcome.Running, torn.Timeline.Single(t => t.TaskId == "b").Outcome);
        Assert.Equal(AttemptOutcome.Succeeded, completed.Timeline.Single(t => t.TaskId == "b").Outcome);
        AssertSameHistory(HistoryBuilder.Build(_home.Layout, RunId), completed);
    }

    [Fact]
    public async Task Read_JournalReplacedByAShorterOne_ReadsItAgainWhole()
    {
        var history = new JournalHistory(_home.Layout, RunId);
        await using (var journal = FileEventJournal.Create(JournalPath)) await AppendAsync(journal, [.. FirstHalf(), .. SecondHalf()]);
        history.Read();
        File.Delete(JournalPath);
        await using (var journal = FileEventJournal.Create(JournalPath)) await AppendAsync(journal, FirstHalf());

        var replaced = history.Read();

        AssertSameHistory(HistoryBuilder.Build(_home.Layout, RunId), replaced);
        Assert.Equal(2, replaced.Timeline.Count);
    }

    [Fact]
    public async Task Read_DamagedRecordThatValidOnesFollow_StopsThereAndSaysSo()
    {
        await using (var journal = FileEventJournal.Create(JournalPath)) await AppendAsync(journal, [.. FirstHalf(), .. SecondHalf()]);
        FlipByteOfLine(JournalPath, line: 3);

        var damaged = new JournalHistory(_home.Layout, RunId).Read();

        Assert.Contains("line 3 (journal event 3) is damaged: checksum mismatch", damaged.JournalDamage, StringComparison.Ordinal);
        Assert.Contains("--discard-damaged-journal", damaged.JournalDamage, StringComparison.Ordinal);
        Assert.Equal([AttemptOutcome.Running], damaged.Timeline.Select(t => t.Outcome));
    }

    [Fact]
    public async Task Read_DamagedRecordGoodInTheMirror_ShowsTheWholeRun()
    {
        var files = JournalFiles.Of(_home.Layout, RunId);
        await using (var journal = FileEventJournal.Create(files)) await AppendAsync(journal, [.. FirstHalf(), .. SecondHalf()]);
        var whole = HistoryBuilder.Build(_home.Layout, RunId);
        FlipByteOfLine(JournalPath, line: 3);

        var repaired = new JournalHistory(_home.Layout, RunId).Read();

        Assert.Null(repaired.JournalDamage);
        AssertSameHistory(whole, repaired);
    }

    private static void FlipByteOfLine(string path, int line)
    {
        var bytes = File.ReadAllBytes(path);
        var start = 0;
        for (var i = 1; i < line; i++) start = Array.IndexOf(bytes, (byte)'\n', start) + 1;
        bytes[start + 20] ^= 0x01;
        File.WriteAllBytes(path, bytes);
    }

    private static RunEvent[] FirstHalf() =>
    [
        new RunStarted(Start, RunId, "history", "queue.md", "hash", 3, 2, false),
        new TaskStarted(Start.AddSeconds(1), "a", 1),
        new TaskSucceeded(Start.AddSeconds(2), "a", 1, 0, TimeSpan.FromSeconds(1)),
        new TaskStarted(Start.AddSeconds(3), "b", 1),
    ];

    private static RunEvent[] SecondHalf() =>
    [
        new TaskFailed(Start.AddSeconds(4), "b", 1, TaskFailureClass.Permanent, TaskFailureKind.ExitCode, 1, null, TimeSpan.FromSeconds(1), "exit code 1", [], WillRetry: false),
        new TaskStarted(Start.AddSeconds(5), "c", 1),
        new CheckpointFailed(Start.AddSeconds(6), "timer", "disk full"),
        new RunInterrupted(Start.AddSeconds(7), "SIGTERM", 15),
    ];

    private static async Task AppendAsync(FileEventJournal journal, IEnumerable<RunEvent> events)
    {
        foreach (var e in events) journal.Append(e);
        await journal.FlushAsync(TestContext.Current.CancellationToken);
    }

    // The bytes the journal writes for `next` after `before`: written by a scratch journal, so the test never spells the line format.
    private async Task<byte[]> LineOfAsync(RunEvent[] before, RunEvent next)
    {
        var scratch = Path.Combine(_home.Root, "scratch.jsonl");
        await using (var journal = FileEventJournal.Create(scratch)) await AppendAsync(journal, [.. before, next]);
        var bytes = await File.ReadAllBytesAsync(scratch, TestContext.Current.CancellationToken);
        return bytes[(int)new FileInfo(JournalPath).Length..];
    }

    private async Task AppendBytesAsync(byte[] bytes)
    {
        await using var stream = new FileStream(JournalPath, FileMode.Append, FileAccess.Write);
        await stream.WriteAsync(bytes, TestContext.Current.CancellationToken);
    }

    private static void AssertSameHistory(HistoryDocument expected, HistoryDocument actual)
    {
        Assert.Equal(expected.StartedAt, actual.StartedAt);
        Assert.Equal(expected.Timeline, actual.Timeline);
        Assert.Equal(expected.Errors, actual.Errors);
    }
}
