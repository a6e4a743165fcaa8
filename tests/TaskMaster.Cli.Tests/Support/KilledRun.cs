using System.Text;

namespace TaskMaster.Cli.Tests.Support;

/// <summary>
/// A run killed with SIGKILL (no shutdown checkpoint: the journal is the record) after a, b and c
/// succeeded, while d runs. d waits for a <c>release</c> file, written once the executor is dead, so
/// the orphan ends by itself and a resume that runs d again finishes. Tasks append their id to
/// <c>marks.txt</c> when they start.
/// </summary>
internal static class KilledRun
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public const string Queue = """
        # Queue: killed

        ### a: First
        - run: `echo a >> marks.txt`

        ### b: Second
        - depends: a
        - run: `echo b >> marks.txt`

        ### c: Third
        - depends: b
        - run: `echo c >> marks.txt`

        ### d: Last
        - depends: c
        - run: `echo d >> marks.txt; while [ ! -f release ]; do sleep 0.05; done`
        """;

    public static async Task<QueueWorkspace> CreateAsync(params string[] extra)
    {
        var workspace = new QueueWorkspace(Queue);
        await using (var cli = workspace.StartExecute(extra))
        {
            // d's own mark, not its "started" line: the line is shown before the process is launched.
            await FileWait.UntilAsync(workspace.PathOf("marks.txt"), text => text.Contains('d', StringComparison.Ordinal));
            cli.Signal(9);
            var killed = await cli.WaitForExitAsync();
            Assert.True(killed.ExitCode == 137, killed.ToString());
        }
        await File.WriteAllTextAsync(workspace.PathOf("release"), "");
        return workspace;
    }

    public static string Journal(QueueWorkspace workspace) => workspace.Journals().Single();

    /// <summary>The journal's mirror, where the home keeps it by default.</summary>
    public static string Mirror(QueueWorkspace workspace) =>
        Path.Combine(workspace.Home, "checkpoints-mirror", "journals", Path.GetFileName(Path.GetDirectoryName(Journal(workspace)))! + ".jsonl");

    /// <summary>
    /// Flips one bit of the exit code in the line recording that <paramref name="taskId"/> succeeded
    /// (0 becomes 1: the JSON stays well-formed, only the checksum tells); the line's number, from 1.
    /// </summary>
    public static int DamageSuccessOf(string journal, string taskId)
    {
        var lines = File.ReadAllLines(journal, Utf8);
        var index = Array.FindIndex(lines, l => l.Contains($"\"type\":\"TaskSucceeded\",\"taskId\":\"{taskId}\"", StringComparison.Ordinal));
        Assert.True(index > 0, $"no TaskSucceeded of {taskId} in {journal}");
        lines[index] = lines[index].Replace("\"exitCode\":0", "\"exitCode\":1", StringComparison.Ordinal);
        File.WriteAllText(journal, string.Join('\n', lines) + "\n", Utf8);
        return index + 1;
    }

    public static string[] Marks(QueueWorkspace workspace) => File.ReadAllLines(workspace.PathOf("marks.txt"));
}
