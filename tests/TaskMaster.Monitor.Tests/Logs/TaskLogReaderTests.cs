using System.Text;
using TaskMaster.Core.Scheduling;
using TaskMaster.Monitor.Logs;
using TaskMaster.Monitor.Tests.Support;

namespace TaskMaster.Monitor.Tests.Logs;

/// <summary>Paging through a task's log: whole lines, whole characters, one attempt's section, and when a page is the last.</summary>
public sealed class TaskLogReaderTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private readonly TempHome _home = new();

    private string LogPath => Path.Combine(_home.Root, "task.log");

    /// <summary>Two attempts, the first failed, the second running (no footer yet); lines with multi-byte characters.</summary>
    private string WriteLog(bool secondEnded = false)
    {
        var text = new StringBuilder()
            .Append(TaskLogFormat.Header(1, T0)).Append('\n')
            .Append("héllo wörld ✓\n")
            .Append(TaskLogFormat.StderrPrefix).Append("boom 💥\n")
            .Append(TaskLogFormat.Footer(1, T0, "failed (ExitCode): exit code 1, after 1s")).Append('\n')
            .Append(TaskLogFormat.Header(2, T0)).Append('\n')
            .Append("second ✓✓✓\n");
        if (secondEnded) text.Append(TaskLogFormat.Footer(2, T0, "succeeded (exit code 0) in 1s")).Append('\n');
        File.WriteAllText(LogPath, text.ToString());
        return text.ToString();
    }

    private List<TaskLogPage> AllPages(int? attempt, int limit, bool taskEnded)
    {
        var pages = new List<TaskLogPage>();
        long? offset = null;
        while (true)
        {
            var page = TaskLogReader.Read(LogPath, "t", attempt, offset, limit, taskEnded, out _)!;
            pages.Add(page);
            if (page.NextOffset == page.Size || page.NextOffset == page.Offset) return pages;
            offset = page.NextOffset;
        }
    }

    [Theory]
    [InlineData(7)]
    [InlineData(16)]
    [InlineData(1000)]
    public void Read_PagesJoined_GiveTheWholeLogBackExactly(int limit)
    {
        var text = WriteLog(secondEnded: true);

        var pages = AllPages(attempt: null, limit, taskEnded: true);

        Assert.Equal(text, string.Concat(pages.Select(p => p.Text)));
        Assert.True(pages[^1].Complete);
        Assert.All(pages[..^1], p => Assert.False(p.Complete));
        Assert.Equal(Encoding.UTF8.GetByteCount(text), pages[^1].Size);
    }

    [Fact]
    public void Read_LineLongerThanAPage_CutBetweenCharactersNeverInsideOne()
    {
        File.WriteAllText(LogPath, new string('✓', 10) + "\n");

        var page = TaskLogReader.Read(LogPath, "t", null, offset: null, limit: 8, taskEnded: true, out _)!;

        // ✓ is 3 bytes: 8 bytes hold two whole ones.
        Assert.Equal(("✓✓", 6L), (page.Text, page.NextOffset));
    }

    [Fact]
    public void Read_OneAttempt_OnlyItsSectionFromItsHeaderThroughItsFooter()
    {
        var text = WriteLog(secondEnded: true);
        var firstEnd = text.IndexOf(TaskLogFormat.Header(2, T0), StringComparison.Ordinal);

        var page = TaskLogReader.Read(LogPath, "t", attempt: 1, offset: 0, limit: 100_000, taskEnded: false, out var attempts)!;

        Assert.Equal(text[..firstEnd], page.Text);
        Assert.Equal((0L, Encoding.UTF8.GetByteCount(text[..firstEnd]), true), (page.Offset, page.Size, page.Complete));
        Assert.Equal([1, 2], attempts.Select(a => a.Attempt));
    }

    [Fact]
    public void Read_RunningAttempt_NotCompleteAndItsUnfinishedLineHeldBack()
    {
        WriteLog();
        File.AppendAllText(LogPath, "half a li");

        var page = TaskLogReader.Read(LogPath, "t", attempt: 2, offset: null, limit: 100_000, taskEnded: false, out _)!;

        Assert.False(page.Complete);
        Assert.EndsWith("second ✓✓✓\n", page.Text, StringComparison.Ordinal);
        Assert.Equal(page.Size - "half a li".Length, page.NextOffset);
    }

    [Fact]
    public void Read_AttemptTheLogDoesNotHave_NullWithTheAttemptsItHas()
    {
        WriteLog();

        var page = TaskLogReader.Read(LogPath, "t", attempt: 3, offset: null, limit: 100, taskEnded: false, out var attempts);

        Assert.Null(page);
        Assert.Equal([(1, true), (2, false)], attempts.Select(a => (a.Attempt, a.Ended)));
    }

    [Fact]
    public void Scan_AttemptCutShortByAKilledExecutor_EndsWhereTheNextAttemptStarts()
    {
        var killed = TaskLogFormat.Header(1, T0) + "\nwas running\n";
        File.WriteAllText(LogPath, killed + TaskLogFormat.Header(2, T0) + "\nagain\n");
        using var log = File.OpenRead(LogPath);

        var sections = TaskLogIndex.Scan(log, log.Length);

        Assert.Equal([new LogSection(1, 0, killed.Length, Ended: false), new LogSection(2, killed.Length, log.Length, Ended: false)], sections);
    }

    [Fact]
    public void Read_NoLogYet_EmptyAndCompleteOnlyOnceTheTaskHasEnded()
    {
        var waiting = TaskLogReader.Read(LogPath, "t", null, null, 100, taskEnded: false, out _)!;
        var blocked = TaskLogReader.Read(LogPath, "t", null, null, 100, taskEnded: true, out _)!;

        Assert.Equal(("", 0L, false), (waiting.Text, waiting.Size, waiting.Complete));
        Assert.True(blocked.Complete);
    }

    public void Dispose() => _home.Dispose();
}
