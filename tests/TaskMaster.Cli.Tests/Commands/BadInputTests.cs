using TaskMaster.Cli.Tests.Support;

namespace TaskMaster.Cli.Tests.Commands;

/// <summary>
/// Bad input through the real program, as a user types it: one line saying what was wrong and
/// what was expected, the documented exit code, never an exception. Every option of every command
/// is covered in process by <see cref="Parsing.BadValueTests"/>.
/// </summary>
public sealed class BadInputTests
{
    private const string Queue = "# Queue: q\n\n### a: A\n- run: `touch ran`\n";

    [Theory]
    [InlineData("--concurrency", "execute", "-j", "abc")]
    [InlineData("--monitor-port", "execute", "--monitor", "--monitor-port", "abc")]
    [InlineData("--grpc-port", "execute", "--grpc-port", "x")]
    [InlineData("--checkpoint-retain", "execute", "--checkpoint-retain", "x")]
    [InlineData("--cpus", "execute", "--cpus", "x")]
    [InlineData("--alert-error-rate", "execute", "--alert-error-rate", "x")]
    [InlineData("--checkpoint-interval", "execute", "--checkpoint-interval", "5")]
    [InlineData("--monitor-linger", "execute", "--monitor", "--monitor-linger", "1000d")]
    [InlineData("--memory", "resume", "--memory", "lots")]
    [InlineData("--format", "status", "--format", "xml")]
    [InlineData("--action", "override", "--task", "a", "--action", "explode")]
    [InlineData("--reason", "pause", "--reason", "")]
    [InlineData("--address", "status", "--address", "build-host:7421")]
    [InlineData("--archive-older-than", "maintenance", "--archive-older-than", "-1d")]
    [InlineData("--run", "report", "--run", "../../etc")]
    public async Task Command_BadOptionValue_OneLineNamingItAndExit2(string option, params string[] args)
    {
        using var workspace = new QueueWorkspace(Queue);
        string[] queue = args[0] == "execute" ? ["--queue", "task-queue.md"] : [];

        var result = await CliProcess.RunAsync(workspace.Root, [.. args, .. queue, "--home", workspace.Home]);

        AssertRefused(result, option);
        Assert.False(File.Exists(workspace.PathOf("ran")), "a task ran");
    }

    [Fact]
    public async Task Validate_QueueIsAFolder_SaysItIsAFolder()
    {
        using var workspace = new QueueWorkspace(Queue);

        var result = await CliProcess.RunAsync(workspace.Root, "validate", "--queue", workspace.Root);

        AssertRefused(result, "--queue");
        Assert.StartsWith($"{workspace.Root}: is a folder, not a file", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_MissingQueueFile_FileColonMessageAndNoHelpPage()
    {
        using var workspace = new QueueWorkspace(Queue);

        var result = await CliProcess.RunAsync(workspace.Root, "validate", "--queue", "nope.md");

        AssertRefused(result, "--queue");
        Assert.StartsWith("nope.md: no such file", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Usage:", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("report", "--output")]
    [InlineData("monitor-init", "--dashboard")]
    public async Task OutputFile_InAFolderThatDoesNotExist_RefusedAndTheFolderNotMade(string command, string option)
    {
        using var workspace = new QueueWorkspace(Queue);
        var folder = workspace.PathOf("nonexistent-dir");
        string[] queue = command == "monitor-init" ? ["--queue", "task-queue.md"] : [];

        var result = await CliProcess.RunAsync(workspace.Root, [command, .. queue, option, Path.Combine(folder, "x.html"), "--home", workspace.Home]);

        AssertRefused(result, option);
        Assert.Contains($"the folder {folder} does not exist", result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder), "the folder was made");
    }

    [Fact]
    public async Task Report_OutputUnderProcThatDoesNotExist_RefusedWithoutAStackTrace()
    {
        using var workspace = new QueueWorkspace(Queue);

        var result = await CliProcess.RunAsync(workspace.Root, "report", "-o", "/proc/nope/x.html", "--home", workspace.Home);

        AssertRefused(result, "--output");
    }

    [Fact]
    public async Task MonitorInit_DashboardCannotBeWritten_OneLineExit3AndTheDetailsInTheLog()
    {
        using var workspace = new QueueWorkspace(Queue);
        Directory.CreateDirectory(workspace.Home);

        var result = await CliProcess.RunAsync(workspace.Root, "monitor-init", "--queue", "task-queue.md", "--dashboard", "/proc/x.html", "--home", workspace.Home);

        Assert.True(result.ExitCode == 3, result.ToString());
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("task-master monitor-init: could not finish: ", line, StringComparison.Ordinal);
        Assert.Contains("/proc/x.html", line, StringComparison.Ordinal);
        AssertNoException(result);
        var log = File.ReadAllText(workspace.LogFile());
        Assert.Contains("\"@l\":\"Debug\"", log, StringComparison.Ordinal);
        Assert.Contains("   at ", log, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(workspace.Home, "monitor.json")), "the settings were written though the dashboard was not");
    }

    private static void AssertRefused(CliResult result, string option)
    {
        Assert.True(result.ExitCode == 2, result.ToString());
        AssertNoException(result);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 2, result.ToString());
        Assert.Contains(option, lines[0], StringComparison.Ordinal);
        Assert.StartsWith("Run 'task-master ", lines[1], StringComparison.Ordinal);
    }

    private static void AssertNoException(CliResult result)
    {
        foreach (var text in new[] { result.Stdout, result.Stderr })
        {
            Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        }
    }
}
