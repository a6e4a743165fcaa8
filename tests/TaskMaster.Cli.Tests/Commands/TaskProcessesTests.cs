using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using TaskMaster.Cli.Tests.Support;

namespace TaskMaster.Cli.Tests.Commands;

/// <summary>
/// A task's processes through the real CLI: the signals they start with, every one of them ended
/// with the task (those that left its session too), what a killed executor left behind killed by
/// the next one, and the task log's cap.
/// </summary>
public sealed partial class TaskProcessesTests
{
    private const string ProcessTree = "process-tree";

    [Fact]
    public async Task Execute_ExecutorStartedWithSigintAndSigquitIgnored_TasksStartWithDefaultSignalsAndNoBrokenPipe()
    {
        using var workspace = new QueueWorkspace("""
            # Queue: signals

            ### look: Looks at its signals and its executor's
            - run: `grep '^SigIgn' /proc/$PPID/status > executor.txt; grep -E '^Sig(Ign|Blk)' /proc/self/status > task.txt; yes | head -c5`
            """);

        // As a non-interactive shell starts a background job: SIGINT and SIGQUIT ignored (and the
        // runtime ignores SIGPIPE in its own process).
        await using var cli = CliProcess.StartUnder(workspace.Root, ["/bin/sh", "-c", "trap '' INT QUIT; exec \"$@\"", "sh"], null,
            "execute", "--queue", "task-queue.md", "--home", workspace.Home, "--plain");
        var result = await cli.WaitForExitAsync();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(0x1006UL, Mask(File.ReadAllText(workspace.PathOf("executor.txt"))) & 0x1006UL);
        var task = File.ReadAllLines(workspace.PathOf("task.txt"));
        Assert.Equal(["SigBlk:\t0000000000000000", "SigIgn:\t0000000000000000"], task.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("Broken pipe", TaskLog(workspace, "look"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("auto")]
    [InlineData(ProcessTree)]
    public async Task Execute_TimedOutTaskWithAProcessInASessionOfItsOwn_KillsItSaysHowAndEndsWithinTheGrace(string tracking)
    {
        using var workspace = new QueueWorkspace("""
            # Queue: escape

            ### escape: Starts a process that leaves its session
            - timeout: 1s
            - run: `setsid sh -c 'sleep 20; touch escaped' & echo $! > escaped.pid; sleep 30`
            """);

        var result = await ExecuteAsync(workspace, tracking);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Matches(new Regex(@"escape attempt 1: timed out after 1s; SIGTERM; all processes ended within \d+(\.\d)?m?s"), result.Stdout);
        Assert.True(await ProcessGone(Pid(workspace, "escaped.pid")), "the process in a session of its own was killed");
        // Ended when its last process did, not after waiting out the kill grace (3s) for its output.
        Assert.InRange(FailedDuration(workspace, "escape"), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1 + 3));
    }

    [Theory]
    [InlineData("auto")]
    [InlineData(ProcessTree)]
    public async Task Resume_AfterTheExecutorWasKilled_KillsExactlyWhatItLeftRunning(string tracking)
    {
        using var workspace = new QueueWorkspace("""
            # Queue: leftovers

            ### long: Leaves a process in a session of its own, then waits
            - run: `if [ -s escaped.pid ]; then exit 0; fi; setsid sleep 300 & echo $! > escaped.pid; sleep 300`
            """);
        await using (var cli = CliProcess.StartUnder(workspace.Root, [], Tracking(tracking),
            "execute", "--queue", "task-queue.md", "--home", workspace.Home, "--plain"))
        {
            await FileWait.UntilAsync(workspace.PathOf("escaped.pid"), text => text.Trim().Length > 0);
            cli.Signal(9);
            await cli.WaitForExitAsync();
        }
        var escaped = Pid(workspace, "escaped.pid");
        Assert.False(await ProcessGone(escaped, TimeSpan.FromMilliseconds(200)), "a task's process outlives a SIGKILLed executor");
        using var bystander = Process.Start("sleep", "300");
        try
        {
            var result = await CliProcess.StartUnder(workspace.Root, [], Tracking(tracking),
                "resume", "--home", workspace.Home, "--plain").WaitForExitAsync();

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("Killed what the previous executor left running: long", result.Stdout);
            Assert.True(await ProcessGone(escaped), "the leftover was killed");
            Assert.False(await ProcessGone(bystander.Id, TimeSpan.FromMilliseconds(200)), "an unrelated process was spared");
        }
        finally
        {
            bystander.Kill();
        }
    }

    [Fact]
    public async Task Execute_TaskLogMax_KeepsTheHeadAndTheTailOfALongOutput()
    {
        using var workspace = new QueueWorkspace("""
            # Queue: chatty

            ### chatty: Writes a lot
            - run: `seq 1 100000`
            """);

        var result = await workspace.ExecuteAsync("--task-log-max", "16Ki");

        Assert.True(result.ExitCode == 0, result.ToString());
        var log = TaskLog(workspace, "chatty").Split('\n');
        Assert.Equal("1", log[1]);
        Assert.Contains(log, l => CutMarker().IsMatch(l));
        Assert.Contains("100000", log);
        Assert.InRange(log.Sum(l => l.Length + 1), 16 * 1024, 18 * 1024);
    }

    [Theory]
    [InlineData("10")]
    [InlineData("lots")]
    public async Task Execute_TaskLogMaxNotASizeOfAtLeast1Ki_RefusedNamingTheOption(string value)
    {
        using var workspace = new QueueWorkspace("# Queue: q\n\n### t: T\n- run: `true`\n");

        var result = await workspace.ExecuteAsync("--task-log-max", value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"--task-log-max: '{value}' is not 0 (no limit) or a size of at least 1Ki, such as 50Mi or 1Gi.", result.Stderr);
    }

    [Fact]
    public async Task Execute_UnknownTaskTracking_RefusedNamingTheVariable()
    {
        using var workspace = new QueueWorkspace("# Queue: q\n\n### t: T\n- run: `touch ran`\n");

        var result = await ExecuteAsync(workspace, "cgroups-please");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("TASKMASTER_TASK_TRACKING='cgroups-please' is not a way to track tasks; expected auto or process-tree.", result.Stderr);
        Assert.False(File.Exists(workspace.PathOf("ran")));
    }

    private static Dictionary<string, string> Tracking(string tracking) => new() { ["TASKMASTER_TASK_TRACKING"] = tracking };

    private static Task<CliResult> ExecuteAsync(QueueWorkspace workspace, string tracking) =>
        CliProcess.StartUnder(workspace.Root, [], Tracking(tracking), "execute", "--queue", "task-queue.md", "--home", workspace.Home, "--plain")
            .WaitForExitAsync();

    private static string TaskLog(QueueWorkspace workspace, string taskId) =>
        File.ReadAllText(Directory.GetFiles(Path.Combine(workspace.Home, "runs"), taskId + ".log", SearchOption.AllDirectories).Single());

    private static int Pid(QueueWorkspace workspace, string file) =>
        int.Parse(File.ReadAllText(workspace.PathOf(file)).Trim(), CultureInfo.InvariantCulture);

    private static ulong Mask(string statusLine) => Convert.ToUInt64(statusLine.Split('\t')[1].Trim(), 16);

    /// <summary>The duration the journal records for the task's (first) failed attempt.</summary>
    private static TimeSpan FailedDuration(QueueWorkspace workspace, string taskId)
    {
        foreach (var line in File.ReadLines(workspace.Journals().Single()))
        {
            using var json = JsonDocument.Parse(line[(line.IndexOf(' ') + 1)..]);
            var root = json.RootElement;
            if (root.GetProperty("type").GetString() == "TaskFailed" && root.GetProperty("taskId").GetString() == taskId)
                return TimeSpan.Parse(root.GetProperty("duration").GetString()!, CultureInfo.InvariantCulture);
        }
        throw new InvalidOperationException($"no TaskFailed for {taskId}");
    }

    /// <summary>
    /// Whether the process ends within the patience: no such process, or a zombie (PID 1 here does
    /// not reap orphans). A SIGKILL to a process not our child ends it asynchronously: polled, bounded.
    /// </summary>
    private static async Task<bool> ProcessGone(int pid, TimeSpan? patience = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                var stat = await File.ReadAllTextAsync($"/proc/{pid}/stat");
                if (stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z')) return true;
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                return true;
            }
            if (clock.Elapsed > (patience ?? TimeSpan.FromSeconds(10))) return false;
            await Task.Delay(20);
        }
    }

    [GeneratedRegex(@"^\[… \d{1,3}(,\d{3})+ bytes cut …\]$")]
    private static partial Regex CutMarker();
}
