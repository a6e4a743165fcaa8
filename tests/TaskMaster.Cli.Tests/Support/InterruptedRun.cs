namespace TaskMaster.Cli.Tests.Support;

/// <summary>
/// A run stopped half-way (SIGINT while its second task runs), leaving a home with a journal and two
/// checkpoints (start, shutdown) to resume from. Tasks append to <c>marks.txt</c> when they start.
/// </summary>
internal static class InterruptedRun
{
    public const string Queue = """
        # Queue: interrupted

        ### first: Quick
        - run: `echo first >> marks.txt`

        ### second: Slow
        - depends: first
        - run: `echo second >> marks.txt; sleep 300`

        ### third: After
        - depends: second
        - run: `echo third >> marks.txt`
        """;

    public static async Task<QueueWorkspace> CreateAsync()
    {
        var workspace = new QueueWorkspace(Queue);
        await using var cli = workspace.StartExecute();
        await FileWait.UntilAsync(workspace.PathOf("marks.txt"), text => text.Contains("second", StringComparison.Ordinal));
        cli.Signal(2);
        var result = await cli.WaitForExitAsync();
        Assert.True(result.ExitCode == 130, result.ToString());
        return workspace;
    }

    public static string[] Checkpoints(QueueWorkspace workspace, string folder = "checkpoints") =>
        Directory.GetFiles(Path.Combine(workspace.Home, folder), "*.json.gz").Order(StringComparer.Ordinal).ToArray();

    public static string[] Marks(QueueWorkspace workspace) => File.ReadAllLines(workspace.PathOf("marks.txt"));
}
