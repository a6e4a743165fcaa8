using TaskMaster.Cli.Tests.Support;

namespace TaskMaster.Cli.Tests.Commands;

public sealed class ValidateCommandTests
{
    [Fact]
    public async Task Validate_ValidQueue_ExitsZeroAndSaysWhatItFound()
    {
        using var workspace = new QueueWorkspace("# Queue: ok\n\n## Phase\n\n### a: A\n- run: `true`\n\n### b: B\n- depends: a\n- run: `true`\n");

        var result = await CliProcess.RunAsync(workspace.Root, "validate", "--queue", "task-queue.md");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("valid. Queue 'ok': 2 tasks in 1 phases", result.Stdout);
    }

    [Fact]
    public async Task Validate_HomeThatExists_KeepsTheParsedQueueInItsCacheForTheNextCommand()
    {
        using var workspace = new QueueWorkspace("# Queue: ok\n\n### a: A\n- run: `true`\n");
        Directory.CreateDirectory(workspace.Home);

        var first = await CliProcess.RunAsync(workspace.Root, "validate", "--queue", "task-queue.md", "--home", workspace.Home);
        var again = await CliProcess.RunAsync(workspace.Root, "validate", "--queue", "task-queue.md", "--home", workspace.Home);

        Assert.Equal((0, 0), (first.ExitCode, again.ExitCode));
        Assert.Equal(first.Stdout, again.Stdout);
        Assert.Single(Directory.GetFiles(Path.Combine(workspace.Home, "cache", "queues"), "*.queue"));
    }

    [Fact]
    public async Task Validate_HomeThatDoesNotExist_IsNotCreated()
    {
        using var workspace = new QueueWorkspace("# Queue: ok\n\n### a: A\n- run: `true`\n");

        var result = await CliProcess.RunAsync(workspace.Root, "validate", "--queue", "task-queue.md", "--home", workspace.Home);

        Assert.Equal(0, result.ExitCode);
        Assert.False(Directory.Exists(workspace.Home));
    }

    [Fact]
    public async Task Validate_InvalidQueue_PrintsEveryErrorAsFileLineMessageAndExits2()
    {
        using var workspace = new QueueWorkspace("""
            # Queue: broken

            ### a: A
            - depends: c
            - run: `true`

            ### b: B
            - retrys: 2
            - run: `true`

            ### c: C
            - depends: a
            - run: `true`
            """);

        var result = await CliProcess.RunAsync(workspace.Root, "validate", "--queue", "task-queue.md");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("task-queue.md:8: ", result.Stderr);
        Assert.Contains("retries", result.Stderr);
        Assert.Contains("a -> c -> a", result.Stderr);
        Assert.Contains("2 errors", result.Stderr);
    }

    [Fact]
    public async Task Validate_MissingFile_ExplainsAndExitsNonZero()
    {
        using var workspace = new QueueWorkspace("# Queue: x\n");

        var result = await CliProcess.RunAsync(workspace.Root, "validate", "--queue", "nope.md");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("nope.md", result.Stderr);
    }

    [Fact]
    public async Task Validate_TaskIdLongerThanAFileNameAllows_RefusedAsFileLineMessageWithTheLimit()
    {
        using var workspace = new QueueWorkspace($"# Queue: x\n\n### {new string('a', 300)}: Long\n- run: `true`\n");

        var result = await CliProcess.RunAsync(workspace.Root, "validate", "--queue", "task-queue.md");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("task-queue.md:3: task id `aaa", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("is 300 characters long; at most 200", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_BareZeroForBackoffAndEstimate_IsValid()
    {
        using var workspace = new QueueWorkspace("# Queue: x\n\n- retry-backoff: 0\n\n### a: A\n- estimate: 0\n- run: `true`\n");

        var result = await CliProcess.RunAsync(workspace.Root, "validate", "--queue", "task-queue.md");

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task Help_Execute_ExplainsEveryOption()
    {
        var result = await CliProcess.RunAsync(Path.GetTempPath(), "execute", "--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var option in new[] { "--queue", "--concurrency", "--autonomous-mode", "--log-level", "--home", "--cpus", "--memory", "--plain" })
            Assert.Contains(option, result.Stdout);
    }
}
