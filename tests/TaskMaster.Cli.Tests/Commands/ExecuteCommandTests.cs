using TaskMaster.Cli.Tests.Support;
using static TaskMaster.Cli.Tests.Support.QueueWorkspace;

namespace TaskMaster.Cli.Tests.Commands;

/// <summary>End to end through the real CLI, with real processes.</summary>
public sealed class ExecuteCommandTests
{
    [Fact]
    public async Task Execute_DiamondDag_RunsEachTaskAfterItsDependencies()
    {
        using var workspace = new QueueWorkspace($"""
            # Queue: diamond
            - concurrency: 4

            ### a: First
            - run: {Stamped("sleep 0.2")}

            ### b: Left
            - depends: a
            - run: {Stamped("sleep 0.2")}

            ### c: Right
            - depends: a
            - run: {Stamped("sleep 0.2")}

            ### d: Last
            - depends: b, c
            - run: {Stamped("true")}
            """);

        var result = await workspace.ExecuteAsync();

        Assert.True(result.ExitCode == 0, result.ToString());
        var t = workspace.Intervals();
        Assert.True(t["b"].Start >= t["a"].End && t["c"].Start >= t["a"].End, "b and c start after a ends");
        Assert.True(t["d"].Start >= t["b"].End && t["d"].Start >= t["c"].End, "d starts after b and c end");
        Assert.True(t["b"].Start < t["c"].End && t["c"].Start < t["b"].End, "b and c run side by side");
    }

    [Fact]
    public async Task Execute_ConcurrencyLimit_NeverExceeded()
    {
        var tasks = string.Join("\n\n", Enumerable.Range(1, 8).Select(i => $"### t{i}: Task {i}\n- run: {Stamped("sleep 0.3")}"));
        using var workspace = new QueueWorkspace($"# Queue: limit\n\n{tasks}\n");

        var result = await workspace.ExecuteAsync("--concurrency", "3");

        Assert.True(result.ExitCode == 0, result.ToString());
        var intervals = workspace.Intervals();
        Assert.Equal(8, intervals.Count);
        var overlap = MaxOverlap(intervals.Values);
        Assert.InRange(overlap, 2, 3);
    }

    [Fact]
    public async Task Execute_Timeout_KillsTheWholeProcessTree()
    {
        using var workspace = new QueueWorkspace("""
            # Queue: timeout

            ### hang: Hangs with a child
            - timeout: 1s
            - run: `sleep 300 & echo $! > child.pid; sleep 300`
            """);

        var result = await workspace.ExecuteAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("timed out after 1s", result.Stdout);
        var child = int.Parse(File.ReadAllText(workspace.PathOf("child.pid")).Trim());
        Assert.True(await ProcessGone(child), $"grandchild {child} is still running");
    }

    [Fact]
    public async Task Execute_TransientFailure_RetriedThenSucceeds()
    {
        using var workspace = new QueueWorkspace("""
            # Queue: flaky

            ### flaky: Fails once
            - retries: 2
            - retry-backoff: 100ms
            - run: `echo "attempt $TASKMASTER_ATTEMPT" >> attempts.txt; [ "$TASKMASTER_ATTEMPT" -ge 2 ] || exit 75`
            """);

        var result = await workspace.ExecuteAsync();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["attempt 1", "attempt 2"], File.ReadAllLines(workspace.PathOf("attempts.txt")));
        Assert.Contains("transient, will retry", result.Stdout);
    }

    [Fact]
    public async Task Execute_PermanentFailure_BlocksOnlyDependentsAndExitsNonZero()
    {
        using var workspace = new QueueWorkspace("""
            # Queue: blocked

            ### broken: Fails for good
            - run: `echo "bad input" >&2; exit 3`

            ### after: Needs broken
            - depends: broken
            - run: `touch after.ran`

            ### independent: Needs nothing
            - run: `touch independent.ran`
            """);

        var result = await workspace.ExecuteAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.True(File.Exists(workspace.PathOf("independent.ran")), "independent work still runs");
        Assert.False(File.Exists(workspace.PathOf("after.ran")), "the dependent is blocked");
        Assert.Contains("1 succeeded, 1 failed, 1 blocked", result.Stdout);
        Assert.Contains("after (because broken failed)", result.Stdout);
        Assert.Contains("| bad input", result.Stdout);
    }

    [Theory]
    [InlineData("cpu=2", "--cpus", "3")]
    [InlineData("memory=768Mi", "--memory", "1Gi")]
    public async Task Execute_DeclaredResources_TaskStartsOnlyWhenTheyAreFree(string resources, string capacityOption, string capacity)
    {
        // Room for one task at a time, though the concurrency would allow three.
        var tasks = string.Join("\n\n", Enumerable.Range(1, 3).Select(i => $"### big{i}: Needs {resources}\n- resources: {resources}\n- run: {Stamped("sleep 0.3")}"));
        using var workspace = new QueueWorkspace($"# Queue: resources\n\n{tasks}\n");

        var result = await workspace.ExecuteAsync("--concurrency", "3", capacityOption, capacity);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(1, MaxOverlap(workspace.Intervals().Values));
    }

    [Fact]
    public async Task Execute_TaskNeedsMoreThanTheExecutorHas_RefusedBeforeRunning()
    {
        using var workspace = new QueueWorkspace("""
            # Queue: too-big

            ### huge: Needs eight cores
            - resources: cpu=8
            - run: `touch huge.ran`
            """);

        var result = await workspace.ExecuteAsync("--cpus", "2");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("needs cpu=8", result.Stderr);
        Assert.False(File.Exists(workspace.PathOf("huge.ran")));
    }

    [Fact]
    public async Task Execute_InvalidQueue_RunsNothingAndReportsEveryError()
    {
        using var workspace = new QueueWorkspace("""
            # Queue: invalid

            ### ok: Would run
            - run: `touch ok.ran`

            ### bad: Broken
            - depends: missing
            - timeout: forever
            - run: `true`
            """);

        var result = await workspace.ExecuteAsync();

        Assert.Equal(2, result.ExitCode);
        Assert.False(File.Exists(workspace.PathOf("ok.ran")));
        Assert.Contains("task-queue.md:7:", result.Stderr); // unknown dependency
        Assert.Contains("task-queue.md:8:", result.Stderr); // bad duration
        Assert.False(Directory.Exists(workspace.Home), "nothing is written for a refused queue");
    }

    [Fact]
    public async Task Execute_Sigint_KillsRunningTasksPrintsSummaryAndExits130()
    {
        using var workspace = new QueueWorkspace("""
            # Queue: interrupted

            ### long: Runs for a long time
            - run: `echo $$ > long.pid; sleep 300`

            ### later: Never reached
            - depends: long
            - run: `touch later.ran`
            """);
        await using var cli = workspace.StartExecute();
        await cli.WaitForOutputAsync("started    long");
        var pidFile = workspace.PathOf("long.pid");
        await FileWait.UntilAsync(pidFile, text => text.Trim().Length > 0);

        cli.Signal(2);
        var result = await cli.WaitForExitAsync();

        Assert.Equal(130, result.ExitCode);
        Assert.Contains("interrupted (received SIGINT)", result.Stdout);
        Assert.Contains("0 of 2 tasks finished", result.Stdout);
        Assert.True(await ProcessGone(int.Parse(File.ReadAllText(pidFile).Trim())), "the running task was killed");
        Assert.False(File.Exists(workspace.PathOf("later.ran")));
    }

    [Fact]
    public async Task Execute_Sigterm_Exits143()
    {
        using var workspace = new QueueWorkspace("# Queue: term\n\n### long: Long\n- run: `sleep 300`\n");
        await using var cli = workspace.StartExecute();
        await cli.WaitForOutputAsync("started    long");

        cli.Signal(15);
        var result = await cli.WaitForExitAsync();

        Assert.Equal(143, result.ExitCode);
    }

    [Fact]
    public async Task Execute_Run_WritesJsonLinesLogAndTaskLogs()
    {
        using var workspace = new QueueWorkspace("""
            # Queue: logs

            ### talk: Talks
            - run: `echo "hello from the task"; echo "a warning" >&2; echo "::progress 50 half"`
            """);

        var result = await workspace.ExecuteAsync("--log-level", "debug");

        Assert.True(result.ExitCode == 0, result.ToString());
        var log = workspace.LogFile();
        var lines = File.ReadAllLines(log);
        Assert.All(lines, line => Assert.StartsWith("{", line));
        Assert.Contains(lines, l => l.Contains("\"TaskId\":\"talk\"") && l.Contains("succeeded"));
        Assert.Contains(lines, l => l.Contains("\"Percent\":50"));
        var taskLog = Directory.GetFiles(Path.Combine(workspace.Home, "runs"), "talk.log", SearchOption.AllDirectories).Single();
        var text = File.ReadAllText(taskLog);
        Assert.Contains("hello from the task", text);
        Assert.Contains("[stderr] a warning", text);
        Assert.DoesNotContain("::progress", text);
    }

    [Fact]
    public async Task Execute_StatusDoneAndEnvironment_HonouredEndToEnd()
    {
        using var workspace = new QueueWorkspace("""
            # Queue: fields
            - env: GREETING=hello

            ### setup: Already done
            - status: done
            - run: `touch setup.ran`

            ### work: Uses its environment
            - depends: setup
            - workdir: sub
            - success: exit 0; file result.txt; stdout contains wrote
            - run: `echo "$GREETING $TASKMASTER_TASK_ID $TASKMASTER_ATTEMPT" > result.txt; echo wrote`
            """);
        Directory.CreateDirectory(workspace.PathOf("sub"));

        var result = await workspace.ExecuteAsync();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.False(File.Exists(workspace.PathOf("setup.ran")));
        Assert.Equal("hello work 1", File.ReadAllText(workspace.PathOf("sub/result.txt")).Trim());
        Assert.Contains("1 succeeded, 0 failed, 0 blocked, 1 skipped", result.Stdout);
    }

    private static async Task<bool> ProcessGone(int pid)
    {
        // A SIGKILLed process outside our own children ends asynchronously, and PID 1 here does not
        // reap orphans, so "gone" means: no such process, or a zombie. Bounded wait, no fixed sleep.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            var stat = $"/proc/{pid}/stat";
            if (!File.Exists(stat)) return true;
            try
            {
                var text = await File.ReadAllTextAsync(stat);
                if (text[(text.LastIndexOf(')') + 2)..].StartsWith('Z')) return true;
            }
            catch (IOException) { return true; }
            await Task.Yield();
            await Task.Delay(20);
        }
        return false;
    }
}
