namespace TaskMaster.Cli.Tests.Support;

/// <summary>A temporary folder holding a queue file, its home and whatever its tasks write.</summary>
internal sealed class QueueWorkspace : IDisposable
{
    public QueueWorkspace(string queueMarkdown)
    {
        Directory.CreateDirectory(Root);
        File.WriteAllText(QueueFile, queueMarkdown);
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "taskmaster-cli-tests", Guid.NewGuid().ToString("n"));

    public string QueueFile => Path.Combine(Root, "task-queue.md");

    public string Home => Path.Combine(Root, ".home");

    public string PathOf(string relative) => Path.Combine(Root, relative);

    /// <summary>The journal files of every run in the home.</summary>
    public string[] Journals() => Directory.GetFiles(Path.Combine(Home, "runs"), "journal.jsonl", SearchOption.AllDirectories);

    /// <summary>The journal of the home's only run, as text.</summary>
    public string JournalText() => File.ReadAllText(Journals().Single());

    /// <summary>The executor's JSON-lines log file (one a day; tests run within one).</summary>
    public string LogFile() => Directory.GetFiles(Path.Combine(Home, "logs"), "*.jsonl").Single();

    public Task<CliResult> ExecuteAsync(params string[] extra) =>
        CliProcess.RunAsync(Root, ["execute", "--queue", "task-queue.md", "--home", Home, "--plain", .. extra]);

    public CliProcess StartExecute(params string[] extra) =>
        CliProcess.Start(Root, ["execute", "--queue", "task-queue.md", "--home", Home, "--plain", .. extra]);

    /// <summary>
    /// Reads the <c>start end</c> nanosecond stamps tasks wrote with <see cref="Stamped"/>, by task id.
    /// </summary>
    public Dictionary<string, (long Start, long End)> Intervals()
    {
        return Directory.GetFiles(Root, "*.interval").ToDictionary(
            f => Path.GetFileNameWithoutExtension(f),
            f =>
            {
                var parts = File.ReadAllText(f).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                return (long.Parse(parts[0]), long.Parse(parts[1]));
            });
    }

    /// <summary>A shell command that records its start and end time around <paramref name="body"/>.</summary>
    public static string Stamped(string body) =>
        $"`s=$(date +%s%N); {body}; echo \"$s $(date +%s%N)\" > \"$TASKMASTER_TASK_ID.interval\"`";

    /// <summary>The most intervals that overlap at any instant.</summary>
    public static int MaxOverlap(IEnumerable<(long Start, long End)> intervals)
    {
        var edges = intervals.SelectMany(i => new[] { (At: i.Start, Delta: 1), (At: i.End, Delta: -1) })
            .OrderBy(e => e.At).ThenBy(e => e.Delta);
        int current = 0, max = 0;
        foreach (var (_, delta) in edges) max = Math.Max(max, current += delta);
        return max;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { /* a killed task may still be letting go of a file; the temp folder is cleaned eventually */ }
    }
}
