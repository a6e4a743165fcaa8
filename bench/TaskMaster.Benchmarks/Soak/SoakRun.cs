using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using TaskMaster.Benchmarks.Durability;
using TaskMaster.Benchmarks.Monitor;
using TaskMaster.Benchmarks.Scale;
using TaskMaster.Core.Queue;

namespace TaskMaster.Benchmarks.Soak;

/// <summary>
/// One soak, as a user runs it: <c>task-master execute --monitor --plain --autonomous-mode</c> of the
/// soak's queue, an SSE client following the dashboard's feed from its first line to its end, the
/// executor's resident memory read twice a second, and at each simulated day's end (every
/// tasks ÷ days finished) the home's disk measured, <c>task-master maintenance</c> run beside the
/// executor as a daily job would, and the disk measured again. The last day's maintenance runs
/// after the executor has exited; then <c>task-master report --format json</c> says what the run recorded.
/// </summary>
internal static partial class SoakRun
{
    private static readonly TimeSpan MemoryEvery = TimeSpan.FromMilliseconds(500);

    /// <param name="dll">The CLI's <c>task-master.dll</c>.</param>
    /// <param name="work">An empty folder for the queue and the home; the caller deletes it.</param>
    public static async Task<SoakRecording> RunAsync(string dll, SoakOptions options, string work, Action<string> progress)
    {
        var queuePath = Path.Combine(work, "task-queue.md");
        var queue = new SoakQueue(options);
        queue.Write(queuePath);
        var home = Path.Combine(work, "home");
        var loadAtStart = MachineLoad.Describe();
        var days = Channel.CreateUnbounded<(int Day, TimeSpan At, int Finished)>();
        var dayResults = new List<DaySample>();
        var memory = new List<MemorySample>();
        var tenths = new TimeSpan?[11];
        int finished = 0, succeeded = 0, failedForGood = 0;
        TimeSpan? firstDispatch = null;
        Task<FeedClientReader>? feed = null;
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        progress($"{options.Tasks:N0} tasks, {options.Days} days, {MachineLoad.Describe()}");

        using var execute = CliProcess.Start(dll, "execute", "--queue", queuePath, "--home", home, "--plain", "--autonomous-mode",
            "--monitor", "--monitor-port", "0", "--checkpoint-interval", DurationFormat.Format(options.CheckpointEvery),
            "--concurrency", options.Concurrency.ToString(CultureInfo.InvariantCulture));
        await using var peak = PeakMemory.Watch(execute.Id);
        using var stopSampling = new CancellationTokenSource();
        var sampling = SampleMemoryAsync(execute, () => Volatile.Read(ref finished), memory, stopSampling.Token);
        var dayWork = DaysAsync(dll, home, options, days.Reader, dayResults, progress);
        var perDay = options.Tasks / options.Days;
        var (exitCode, end) = await execute.ReadToExitAsync((line, at) =>
        {
            if (feed is null && Dashboard().Match(line) is { Success: true } url)
            {
                http.BaseAddress = new Uri(url.Groups["base"].Value);
                feed = FeedClientReader.ConnectAsync(http);
            }
            if (line.Contains("  started  ", StringComparison.Ordinal)) firstDispatch ??= at;
            var ended = line.Contains("  succeeded  ", StringComparison.Ordinal) ? 1
                : line.Contains("  failed     ", StringComparison.Ordinal) && !line.Contains(", will retry)", StringComparison.Ordinal) ? 2 : 0;
            if (ended == 0) return;
            if (ended == 1) succeeded++;
            else failedForGood++;
            var now = Interlocked.Increment(ref finished);
            tenths[0] ??= firstDispatch;
            for (var k = 1; k <= 10; k++) if (now == (int)((long)options.Tasks * k / 10)) tenths[k] = at;
            if (now % perDay == 0 && now / perDay < options.Days) days.Writer.TryWrite((now / perDay, at, now));
        });
        await stopSampling.CancelAsync();
        await sampling;
        var peakBytes = peak.PeakBytes;
        progress($"execute exited {exitCode} after {end.TotalMinutes:0.0} min; {MachineLoad.Describe()}");
        days.Writer.TryWrite((options.Days, end, finished));
        days.Writer.Complete();
        await dayWork;

        FeedReading? reading = null;
        string? feedProblem = null;
        try
        {
            reading = feed is null ? null : await (await feed).Finished.WaitAsync(TimeSpan.FromMinutes(2));
            if (feed is null) feedProblem = "the executor never printed its dashboard's address";
        }
        catch (Exception e) when (e is HttpRequestException or IOException or InvalidOperationException or TimeoutException)
        {
            feedProblem = e.Message;
        }
        var report = await ReportAsync(dll, home);
        return new SoakRecording(options, SoakQueue.Transient(options), loadAtStart, MachineLoad.Describe(), exitCode, end,
            [.. tenths.Select(t => t ?? TimeSpan.Zero)], memory, peakBytes, dayResults, succeeded, failedForGood,
            reading?.Updates ?? 0, reading?.Resyncs ?? 0, feedProblem, report);
    }

    private static async Task SampleMemoryAsync(CliProcess executor, Func<int> finished, List<MemorySample> into, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(MemoryEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
                if (ProcStatus.Bytes(executor.Id, "VmRSS") is { } rss) into.Add(new MemorySample(executor.Elapsed, finished(), rss));
        }
        catch (OperationCanceledException)
        {
            // The executor has exited.
        }
    }

    // One day at a time, off the loop that reads the executor's output (which must never stop reading).
    private static async Task DaysAsync(string dll, string home, SoakOptions options, ChannelReader<(int Day, TimeSpan At, int Finished)> days,
        List<DaySample> into, Action<string> progress)
    {
        var previous = TimeSpan.Zero;
        await foreach (var (day, at, finished) in days.ReadAllAsync())
        {
            // The retention of a daily job, compressed like the tasks: what is older than one simulated day.
            var retain = TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling((at - previous).TotalSeconds)));
            previous = at;
            var before = HomeDisk.Of(home);
            var started = DateTimeOffset.UtcNow;
            var (exit, said) = options.Maintenance ? await MaintainAsync(dll, home, retain) : (0, "off");
            var took = DateTimeOffset.UtcNow - started;
            var after = HomeDisk.Of(home);
            into.Add(new DaySample(day, at, finished, retain, before, after, exit, said, took));
            progress($"day {day}: {finished:N0} finished at {at.TotalMinutes:0.0} min; home {before.Live / 1e6:0.0} MB live before maintenance " +
                     $"(exit {exit}, {took.TotalSeconds:0.0} s), {after.Live / 1e6:0.0} MB after; {MachineLoad.Describe()}");
        }
    }

    private static async Task<(int Exit, string Said)> MaintainAsync(string dll, string home, TimeSpan retain)
    {
        using var maintenance = CliProcess.Start(dll, "maintenance", "--home", home,
            "--archive-older-than", DurationFormat.Format(retain), "--monitor-retain", DurationFormat.Format(retain));
        var said = new StringBuilder();
        var (exit, _) = await maintenance.ReadToExitAsync((line, _) => said.AppendLine(line));
        return (exit, said.ToString().Trim());
    }

    private static async Task<SoakReportFigures> ReportAsync(string dll, string home)
    {
        using var report = CliProcess.Start(dll, "report", "--home", home, "--format", "json");
        var json = new StringBuilder();
        var (exit, _) = await report.ReadToExitAsync((line, _) => json.AppendLine(line));
        if (exit != 0) throw new InvalidOperationException($"task-master report exited {exit}");
        return SoakReportFigures.Parse(json.ToString());
    }

    [GeneratedRegex(@"^Dashboard: (?<base>http://127\.0\.0\.1:\d+/)#token=")]
    private static partial Regex Dashboard();
}
