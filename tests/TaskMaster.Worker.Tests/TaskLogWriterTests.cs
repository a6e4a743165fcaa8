using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace TaskMaster.Worker.Tests;

/// <summary>A task's log: every attempt framed, its output capped by keeping the head and the tail, owner-only.</summary>
public sealed partial class TaskLogWriterTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Directory.CreateTempSubdirectory("taskmaster-log-").FullName;

    private string LogPath => Path.Combine(_folder, "tasks", "t.log");

    [Fact]
    public void Write_OutputWithinTheCap_IsKeptWhole()
    {
        var lines = Enumerable.Range(1, 100).Select(i => $"line {i}").ToList();

        WriteAttempt(1, lines, maxBytes: 10_000);

        Assert.Equal(lines, Output(File.ReadAllLines(LogPath)));
    }

    [Fact]
    public void Write_OutputOverTheCap_KeepsWholeLinesOfHeadAndTailAndSaysHowMuchWasCut()
    {
        var lines = Enumerable.Range(1, 100_000).Select(i => $"line {i}").ToList();
        const long max = 4096;

        WriteAttempt(1, lines, maxBytes: max);

        var kept = Output(File.ReadAllLines(LogPath));
        var held = kept.FindIndex(l => l.StartsWith("[… the output from here on is written when the attempt ends", StringComparison.Ordinal));
        var marker = kept.FindIndex(l => CutMarker().IsMatch(l));
        Assert.Equal(held + 1, marker);
        var head = kept[..held];
        var tail = kept[(marker + 1)..];
        Assert.Equal(lines[..head.Count], head);
        Assert.Equal(lines[^tail.Count..], tail);
        Assert.InRange(Bytes(head), (max / 2) - 20, max / 2);
        Assert.InRange(Bytes(tail), (max / 2) - 20, max / 2);
        var cut = long.Parse(CutMarker().Match(kept[marker]).Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        Assert.Equal(Bytes(lines) - Bytes(head) - Bytes(tail), cut);
        Assert.Matches(@"^\[… \d{1,3}(,\d{3})+ bytes cut …\]$", kept[marker]);
    }

    [Fact]
    public void Write_OneLineLongerThanTheCap_KeepsItsStartAndItsEnd()
    {
        var line = string.Concat(Enumerable.Range(0, 10_000).Select(i => (char)('a' + (i % 26))));

        WriteAttempt(1, [line], maxBytes: 1000);

        var kept = Output(File.ReadAllLines(LogPath));
        Assert.Equal(4, kept.Count);
        Assert.Equal(line[..500], kept[0]);
        Assert.StartsWith("[… the output from here on is written when the attempt ends", kept[1], StringComparison.Ordinal);
        Assert.Equal("[… 9,001 bytes cut …]", kept[2]); // the newline ends the kept tail
        Assert.Equal(line[^499..], kept[3]);
    }

    [Fact]
    public void Write_OutputBetweenHalfAndTheWholeCap_IsKeptWholeAfterTheLineThatSaysItWasHeldBack()
    {
        var lines = Enumerable.Range(1, 1000).Select(i => $"line {i}").ToList();

        WriteAttempt(1, lines, maxBytes: (long)(Bytes(lines) * 1.5));

        var kept = Output(File.ReadAllLines(LogPath));
        var held = kept.FindIndex(l => l.StartsWith("[… the output from here on is written when the attempt ends", StringComparison.Ordinal));
        Assert.True(held > 0);
        Assert.Equal(lines, kept.Where((_, i) => i != held));
        Assert.DoesNotContain(kept, l => CutMarker().IsMatch(l));
    }

    [Fact]
    public void Write_OutputOverTheCap_TheLogOnlyEverGrows()
    {
        // Followers read the log by byte offset: what they have read must never change under them.
        using var log = new TaskLogWriter(LogPath, 4096, 1, At);
        var seen = new List<byte[]>();
        for (var i = 0; i < 20_000; i++)
        {
            log.WriteStdout($"line {i}");
            if (i % 500 == 0) seen.Add(File.ReadAllBytes(LogPath));
        }
        log.Finish(At, "done", record: false);

        var final = File.ReadAllBytes(LogPath);
        foreach (var earlier in seen) Assert.True(final.AsSpan().StartsWith(earlier), "an earlier read of the log is no longer its start");
        Assert.False(File.Exists(LogPath + ".tail"));
    }

    [Fact]
    public void Write_NoCap_KeepsEverything()
    {
        var lines = Enumerable.Range(1, 20_000).Select(i => $"line {i}").ToList();

        WriteAttempt(1, lines, maxBytes: 0);

        Assert.Equal(lines, Output(File.ReadAllLines(LogPath)));
    }

    [Fact]
    public void Write_TwoAttempts_EachCappedOnItsOwnWithHeaderAndFooter()
    {
        var lines = Enumerable.Range(1, 10_000).Select(i => $"line {i}").ToList();

        WriteAttempt(1, lines, maxBytes: 2048);
        WriteAttempt(2, lines, maxBytes: 2048);

        var all = File.ReadAllLines(LogPath);
        Assert.Equal(4, all.Count(l => l.StartsWith("=== attempt ", StringComparison.Ordinal)));
        Assert.Equal(2, all.Count(l => CutMarker().IsMatch(l)));
        Assert.Equal("=== attempt 2 ended 2026-12-01T12:00:00.000Z: done ===", all[^1]);
        Assert.True(new FileInfo(LogPath).Length < 2 * (2048 + 300)); // the output kept, its two markers, header and footer
    }

    [Fact]
    public void Open_NewLog_IsOwnerOnlyInAnOwnerOnlyFolder()
    {
        WriteAttempt(1, ["secret"], maxBytes: 0);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(LogPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(LogPath)!));
    }

    [Fact]
    public void Finish_AttemptThatWroteNothing_LeavesNoLogUnlessAskedToRecordIt()
    {
        using (var silent = new TaskLogWriter(LogPath, 0, 1, At)) silent.Finish(At.AddSeconds(1), "succeeded", record: false);
        Assert.False(File.Exists(LogPath));

        using (var failed = new TaskLogWriter(LogPath, 0, 2, At)) failed.Finish(At.AddSeconds(1), "failed", record: true);
        Assert.Equal(
            ["=== attempt 2 started 2026-12-01T12:00:00.000Z ===", "=== attempt 2 ended 2026-12-01T12:00:01.000Z: failed ==="],
            File.ReadAllLines(LogPath));
    }

    [Fact]
    public void Write_FirstLineLate_TheHeaderKeepsTheAttemptsStart()
    {
        using var log = new TaskLogWriter(LogPath, 0, 1, At);
        Assert.False(log.Written);

        log.WriteStderr("late");
        log.Finish(At.AddMinutes(5), "succeeded", record: false);

        Assert.True(log.Written);
        Assert.Equal(
            ["=== attempt 1 started 2026-12-01T12:00:00.000Z ===", "[stderr] late", "=== attempt 1 ended 2026-12-01T12:05:00.000Z: succeeded ==="],
            File.ReadAllLines(LogPath));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private void WriteAttempt(int attempt, IEnumerable<string> lines, long maxBytes)
    {
        using var log = new TaskLogWriter(LogPath, maxBytes, attempt, At);
        foreach (var line in lines) log.WriteStdout(line);
        log.Finish(At, "done", record: false);
    }

    /// <summary>The lines between the last attempt's header and footer.</summary>
    private static List<string> Output(string[] log)
    {
        var header = Array.FindLastIndex(log, l => l.StartsWith("=== attempt ", StringComparison.Ordinal) && l.Contains(" started ", StringComparison.Ordinal));
        return [.. log[(header + 1)..^1]];
    }

    private static long Bytes(IEnumerable<string> lines) => lines.Sum(l => Encoding.UTF8.GetByteCount(l) + 1L);

    [GeneratedRegex(@"^\[… ([\d,]+) bytes cut …\]$")]
    private static partial Regex CutMarker();
}
