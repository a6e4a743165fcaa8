using System.Globalization;
using TaskMaster.Benchmarks.Durability;
using TaskMaster.Core.Scheduling;
using TaskMaster.LocalHome;

namespace TaskMaster.Benchmarks.Scale;

/// <summary>One measured point of the <c>scale</c> suite.</summary>
/// <param name="Startup">From starting <c>execute</c> to its first dispatch: parse, validation, start checkpoint.</param>
/// <param name="PerTask">Running time per task, start-ups left out: (execute's first dispatch → kill) + (resume's first dispatch → its exit), over the task count.</param>
/// <param name="Resume">From starting <c>resume</c> to its first dispatch.</param>
/// <param name="PeakBytes">The higher of the two processes' peak resident memory.</param>
/// <param name="CheckpointBytes">The run's newest checkpoint file (the shutdown checkpoint) after the resume ended.</param>
/// <param name="HomeBytes">Everything the run left in its home.</param>
internal sealed record ScaleResult(TimeSpan Startup, TimeSpan PerTask, TimeSpan Resume, long PeakBytes, long CheckpointBytes, long HomeBytes);

/// <summary>
/// What a user does with a big queue, through the real CLI: <c>execute --plain</c> (the durable,
/// mirrored journal, checkpoints at start and end) killed with SIGKILL once half the tasks succeeded,
/// then <c>resume --plain</c> to the end (exit 0, or the point fails).
/// </summary>
internal static class ScalePoint
{
    public static async Task<ScaleResult> RunAsync(string dll, string queuePath, int count, int concurrency, string home)
    {
        if (Directory.Exists(home)) Directory.Delete(home, recursive: true);
        var jobs = concurrency.ToString(CultureInfo.InvariantCulture);
        TimeSpan? firstDispatch = null;
        TimeSpan killedAt;
        long executePeak;
        using (var execute = CliProcess.Start(dll, "execute", "--queue", queuePath, "--home", home, "--plain", "-j", jobs))
        await using (var memory = PeakMemory.Watch(execute.Id))
        {
            var succeeded = 0;
            var half = Math.Max(1, count / 2);
            killedAt = await execute.ReadUntilAsync(
                line => line.Contains("  succeeded  ", StringComparison.Ordinal) && ++succeeded >= half,
                (line, at) => firstDispatch ??= IsDispatch(line) ? at : null);
            executePeak = memory.PeakBytes;
            await execute.KillAsync();
        }
        // Resumed at once, yet the dead executor's markers are dropped: its `true` tasks have exited,
        // and at thousands of processes a second their ids come round fast enough to name another's.
        CrashedHome.ForgetRunningProcesses(home);
        TimeSpan? resumed = null;
        (int ExitCode, TimeSpan At) end;
        long resumePeak;
        using (var resume = CliProcess.Start(dll, "resume", "--home", home, "--plain"))
        await using (var memory = PeakMemory.Watch(resume.Id))
        {
            end = await resume.ReadToExitAsync((line, at) => resumed ??= IsDispatch(line) ? at : null);
            resumePeak = memory.PeakBytes;
        }
        if (end.ExitCode != 0) throw new InvalidOperationException($"resume of the {count:N0}-task run exited {end.ExitCode}");
        var startup = firstDispatch ?? killedAt;
        var running = killedAt - startup + (end.At - (resumed ?? end.At));
        return new ScaleResult(startup, running / count, resumed ?? end.At, Math.Max(executePeak, resumePeak),
            NewestCheckpoint(new HomeLayout(home)), DirectoryBytes(home));
    }

    /// <summary>Peak memory of <c>execute</c> of a one-task queue: the process's base.</summary>
    public static async Task<long> BaseAsync(string dll, string queuePath, string home)
    {
        if (Directory.Exists(home)) Directory.Delete(home, recursive: true);
        using var execute = CliProcess.Start(dll, "execute", "--queue", queuePath, "--home", home, "--plain");
        await using var memory = PeakMemory.Watch(execute.Id);
        var end = await execute.ReadToExitAsync();
        if (end.ExitCode != 0) throw new InvalidOperationException($"the one-task run exited {end.ExitCode}");
        return memory.PeakBytes;
    }

    private static bool IsDispatch(string line) => line.Contains("  started  ", StringComparison.Ordinal);

    private static long NewestCheckpoint(HomeLayout home) =>
        new DirectoryInfo(home.CheckpointsDirectory).EnumerateFiles("*", SearchOption.AllDirectories)
            .Where(f => !f.Name.StartsWith("latest", StringComparison.Ordinal))
            .OrderByDescending(f => f.LastWriteTimeUtc).Select(f => f.Length).FirstOrDefault();

    private static long DirectoryBytes(string path) =>
        new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
}
