using System.Text.Json;
using TaskMaster.Cli.Tests.Support;
using TaskMaster.Core.Checkpoints;
using TaskMaster.Worker.Tests.Support;

namespace TaskMaster.Cli.Tests.Commands;

/// <summary><c>pause</c>, <c>continue</c>, <c>stop</c> and <c>override</c> against a real executor running real processes.</summary>
public sealed class ControlCommandsTests
{
    private static Task<CliResult> Control(QueueWorkspace workspace, params string[] args) =>
        CliProcess.RunAsync(workspace.Root, [.. args, "--home", workspace.Home]);

    /// <summary>The event types the journal holds, in order, with their task ids ("TaskStarted:second").</summary>
    private static List<string> JournalEvents(QueueWorkspace workspace) =>
        File.ReadLines(workspace.Journals().Single()).Select(line =>
        {
            using var json = JsonDocument.Parse(line[line.IndexOf('{', StringComparison.Ordinal)..]);
            var root = json.RootElement;
            var type = root.GetProperty("type").GetString();
            return root.TryGetProperty("taskId", out var id) ? $"{type}:{id.GetString()}" : type!;
        }).ToList();

    [Fact]
    public async Task Pause_ThenContinue_NoTaskStartsInBetween()
    {
        using var workspace = new QueueWorkspace("""
            # Queue: paused
            - concurrency: 1

            ### first: Waits for the gate
            - run: `while [ ! -f gate ]; do sleep 0.05; done`

            ### second: After the pause
            - run: `true`
            """);
        await using var executor = workspace.StartExecute();
        await executor.WaitForOutputAsync("started    first");

        var paused = await Control(workspace, "pause", "--reason", "swapping a disk");
        File.WriteAllText(workspace.PathOf("gate"), "");
        await executor.WaitForOutputAsync("succeeded  first");
        // Answered only after the loop has carried out every step before it: the journal is complete up to here.
        var again = await Control(workspace, "pause");
        var whilePaused = JournalEvents(workspace);
        var continued = await Control(workspace, "continue", "--reason", "disk swapped");
        var run = await executor.WaitForExitAsync();

        Assert.True(paused.ExitCode == 0, paused.ToString());
        Assert.Contains("paused: 1 attempt still running", paused.Stdout);
        Assert.Contains("already paused: swapping a disk", again.Stdout);
        Assert.DoesNotContain("TaskStarted:second", whilePaused);
        Assert.True(continued.ExitCode == 0, continued.ToString());
        Assert.True(run.ExitCode == 0, run.ToString());
        var events = JournalEvents(workspace);
        Assert.True(events.IndexOf("RunResumed") < events.IndexOf("TaskStarted:second"), string.Join(", ", events));
        Assert.Contains(File.ReadAllLines(workspace.LogFile()), l => l.Contains("Operator paused the run") && l.Contains("\"Reason\":\"swapping a disk\""));
    }

    [Fact]
    public async Task StopEmergency_KillsTheRunningTreeCheckpointsAndExits5_ThenResumeCompletes()
    {
        using var workspace = new QueueWorkspace("""
            # Queue: stopped

            ### long: Sleeps until resumed
            - run: `if [ -f resumed ]; then true; else sleep 300 & echo $! > sleep.pid; wait; fi`

            ### after: After it
            - depends: long
            - run: `touch after.done`
            """);
        await using var executor = workspace.StartExecute();
        await FileWait.UntilAsync(workspace.PathOf("sleep.pid"), text => text.EndsWith('\n'));
        var sleepPid = int.Parse(File.ReadAllText(workspace.PathOf("sleep.pid")).Trim());

        var stop = await Control(workspace, "stop", "--emergency", "--reason", "runaway job");
        var run = await executor.WaitForExitAsync();

        Assert.True(stop.ExitCode == 0, stop.ToString());
        Assert.Contains("stopping now", stop.Stdout);
        Assert.True(run.ExitCode == 5, run.ToString());
        Assert.True(await ProcessStatus.EndsWithinAsync(sleepPid, TimeSpan.FromSeconds(5)), $"sleep {sleepPid} survived the emergency stop");
        var checkpoints = InterruptedRun.Checkpoints(workspace);
        Assert.Contains(checkpoints, c => CheckpointCodec.Decode(File.ReadAllBytes(c)).Document?.Reason == "shutdown");
        var status = await CliProcess.RunAsync(workspace.Root, "status", "--home", workspace.Home, "--format", "json");
        using (var json = JsonDocument.Parse(status.Stdout))
            Assert.Equal("stopped", json.RootElement.GetProperty("state").GetString());

        File.WriteAllText(workspace.PathOf("resumed"), "");
        var resumed = await CliProcess.RunAsync(workspace.Root, "resume", "--home", workspace.Home, "--plain");

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.True(File.Exists(workspace.PathOf("after.done")));
    }

    [Fact]
    public async Task OverrideSkip_TaskWaitingToRetry_LetsItsDependentRun()
    {
        using var workspace = new QueueWorkspace("""
            # Queue: override

            ### flaky: Always fails transiently
            - run: `exit 75`
            - retries: 5
            - retry-backoff: 1h

            ### after: Needs it
            - depends: flaky
            - run: `touch after.done`
            """);
        await using var executor = workspace.StartExecute();
        await executor.WaitForOutputAsync("retry      flaky");

        var result = await Control(workspace, "override", "--task", "flaky", "--action", "skip", "--reason", "upstream is down");
        var run = await executor.WaitForExitAsync();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("'flaky' skipped", result.Stdout);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(File.Exists(workspace.PathOf("after.done")));
        Assert.Contains(File.ReadAllLines(workspace.LogFile()), l => l.Contains("Operator override") && l.Contains("\"TaskId\":\"flaky\"")
                                                                    && l.Contains("\"Reason\":\"upstream is down\""));
    }

    [Fact]
    public async Task OverrideSkip_RunningTask_EndsItsTreeAndLetsItsDependentRun()
    {
        using var workspace = new QueueWorkspace("""
            # Queue: override-running

            ### long: Never ends by itself
            - run: `sleep 300 & echo $! > sleep.pid; wait`

            ### after: Needs it
            - depends: long
            - run: `touch after.done`
            """);
        await using var executor = workspace.StartExecute();
        await FileWait.UntilAsync(workspace.PathOf("sleep.pid"), text => text.EndsWith('\n'));
        var sleepPid = int.Parse(File.ReadAllText(workspace.PathOf("sleep.pid")).Trim());

        var result = await Control(workspace, "override", "--task", "long", "--action", "skip");
        var run = await executor.WaitForExitAsync();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("its running attempt 1 is ended", result.Stdout);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(File.Exists(workspace.PathOf("after.done")));
        Assert.True(await ProcessStatus.EndsWithinAsync(sleepPid, TimeSpan.FromSeconds(5)), $"sleep {sleepPid} outlived its skipped task");
    }

    [Fact]
    public async Task Override_RefusedByTheExecutor_Exits1WithItsReason()
    {
        using var workspace = new QueueWorkspace("# Queue: refuse\n\n### long: Long\n- run: `sleep 300`\n");
        await using var executor = workspace.StartExecute();
        await executor.WaitForOutputAsync("started    long");

        var unknown = await Control(workspace, "override", "--task", "lnog", "--action", "skip");
        var running = await Control(workspace, "override", "--task", "long", "--action", "retry");
        await Control(workspace, "stop", "--emergency");
        await executor.WaitForExitAsync();

        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no task 'lnog'; did you mean 'long'?", unknown.Stderr);
        Assert.Equal(1, running.ExitCode);
        Assert.Contains("cannot retry 'long': attempt 1 is running", running.Stderr);
    }

    [Theory]
    [InlineData("pause")]
    [InlineData("continue")]
    [InlineData("stop")]
    public async Task Control_NoExecutor_Exits1SayingSo(string command)
    {
        using var workspace = new QueueWorkspace("# Queue: idle\n\n### a: A\n- run: `true`\n");

        var result = await Control(workspace, command);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no executor is running", result.Stderr);
    }

    [Theory]
    [InlineData("--action", "skip")]
    [InlineData("--task", "a", "--action", "explode")]
    public async Task Override_BadArguments_Exits2(params string[] args)
    {
        using var workspace = new QueueWorkspace("# Queue: idle\n\n### a: A\n- run: `true`\n");

        var result = await Control(workspace, ["override", .. args]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--", result.Stderr);
    }

    [Theory]
    [InlineData("pause", "running ones go on")]
    [InlineData("continue", "whoever paused it")]
    [InlineData("stop", "--emergency")]
    [InlineData("override", "retry|skip|succeed|cancel")]
    public async Task Help_EachControlCommand_ExplainsIt(string command, string expected)
    {
        using var workspace = new QueueWorkspace("# Queue: idle\n\n### a: A\n- run: `true`\n");

        var result = await CliProcess.RunAsync(workspace.Root, command, "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(expected, result.Stdout);
    }
}
