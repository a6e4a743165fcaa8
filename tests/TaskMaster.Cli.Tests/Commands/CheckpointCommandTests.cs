using System.Text.Json;
using TaskMaster.Cli.Tests.Support;
using TaskMaster.Core.Checkpoints;

namespace TaskMaster.Cli.Tests.Commands;

public sealed class CheckpointCommandTests
{
    private const string LongQueue = "# Queue: long\n\n### long: Long\n- run: `sleep 300`\n";

    [Fact]
    public async Task CheckpointSave_WhileAnExecutorRuns_WritesOneAndPrintsItsPath()
    {
        using var workspace = new QueueWorkspace(LongQueue);
        await using var executor = workspace.StartExecute();
        await executor.WaitForOutputAsync("started    long");

        var result = await CliProcess.RunAsync(workspace.Root, "checkpoint", "--save", "--force", "--home", workspace.Home);

        Assert.True(result.ExitCode == 0, result.ToString());
        var path = result.Stdout.Trim();
        Assert.True(File.Exists(path), path);
        var document = CheckpointCodec.Decode(File.ReadAllBytes(path)).Document!;
        Assert.Equal("manual", document.Reason);
        Assert.Equal(["long"], document.ExecutionState.RunningTasks);
        executor.Signal(15);
        await executor.WaitForExitAsync();
    }

    [Fact]
    public async Task CheckpointShow_LatestJsonOfAnInterruptedRun_PrintsTheCheckpointItNamesWithEveryField()
    {
        using var workspace = await InterruptedRun.CreateAsync();
        var latest = Path.Combine(workspace.Home, "checkpoints", "latest.json");

        var result = await CliProcess.RunAsync(workspace.Root, "checkpoint", "--show", latest, "--home", workspace.Home);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"names {InterruptedRun.Checkpoints(workspace)[^1]}", result.Stderr);
        using var shown = JsonDocument.Parse(result.Stdout);
        var execution = shown.RootElement.GetProperty("execution_state");
        Assert.Equal("shutdown", shown.RootElement.GetProperty("reason").GetString());
        Assert.Equal(["first"], execution.GetProperty("completed_tasks").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(["second", "third"], execution.GetProperty("pending_tasks").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("third", execution.GetProperty("tasks")[2].GetProperty("id").GetString());
    }

    [Fact]
    public async Task CheckpointShow_CorruptedFile_RefusedWithTheReasonAndExit4()
    {
        using var workspace = await InterruptedRun.CreateAsync();
        var newest = InterruptedRun.Checkpoints(workspace)[^1];
        File.WriteAllBytes(newest, File.ReadAllBytes(newest)[..100]);

        var result = await CliProcess.RunAsync(workspace.Root, "checkpoint", "--show", newest, "--home", workspace.Home);

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("truncated: the compressed file (100 bytes)", result.Stderr);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task CheckpointSave_NoExecutor_SaysSoAndExits1()
    {
        using var workspace = new QueueWorkspace(LongQueue);

        var result = await CliProcess.RunAsync(workspace.Root, "checkpoint", "--save", "--home", workspace.Home);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no executor is running", result.Stderr);
    }

    [Fact]
    public async Task CheckpointSave_WrongToken_Refused()
    {
        using var workspace = new QueueWorkspace(LongQueue);
        await using var executor = workspace.StartExecute();
        await executor.WaitForOutputAsync("started    long");
        File.WriteAllText(Path.Combine(workspace.Home, "control.token"), "not-the-token");

        var result = await CliProcess.RunAsync(workspace.Root, "checkpoint", "--save", "--home", workspace.Home);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("token", result.Stderr);
        executor.Signal(15);
        await executor.WaitForExitAsync();
    }

    [Fact]
    public async Task Execute_SecondExecutorOnTheSameHome_RefusedNamingTheOwner()
    {
        using var workspace = new QueueWorkspace(LongQueue);
        await using var first = workspace.StartExecute();
        await first.WaitForOutputAsync("started    long");

        var second = await workspace.ExecuteAsync();

        Assert.Equal(2, second.ExitCode);
        Assert.Contains("another executor is running", second.Stderr);
        Assert.Contains($"pid {first.Id}", second.Stderr);
        first.Signal(15);
        await first.WaitForExitAsync();
    }

    [Fact]
    public async Task Execute_LockLeftByAKilledExecutor_TakenOver()
    {
        using var workspace = new QueueWorkspace(LongQueue);
        await using (var first = workspace.StartExecute())
        {
            await first.WaitForOutputAsync("started    long");
            first.Signal(9);
            await first.WaitForExitAsync();
        }
        File.WriteAllText(workspace.QueueFile, "# Queue: quick\n\n### quick: Quick\n- run: `true`\n");

        var second = await workspace.ExecuteAsync();

        Assert.True(second.ExitCode == 0, second.ToString());
    }
}
