using System.Net;
using System.Text.Json;
using TaskMaster.Cli.Tests.Support;

namespace TaskMaster.Cli.Tests.Commands;

public sealed class LogsCommandTests
{
    [Fact]
    public async Task Logs_Server_RefusedInOneLineAsNotOverServerYet()
    {
        var result = await CliProcess.RunAsync(Path.GetTempPath(), "--server", "http://127.0.0.1:9", "logs", "a");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("task-master: logs reads this machine's home and does not run over --server yet", result.Stderr.Trim(), StringComparison.Ordinal);
        Assert.Single(result.Stderr.Trim().Split('\n'));
    }

    private const string RetriedQueue = """
        # Queue: logged

        ### flaky: Fails once
        - retries: 1
        - retry-backoff: 100ms
        - run: `if [ -e once ]; then echo "second try ✓"; else touch once; echo "first try"; echo "gone wrong" >&2; exit 75; fi`
        """;

    private const string TalkingQueue = """
        # Queue: talking

        ### talker: Talks, waits, talks
        - run: `echo one; while [ ! -e go ]; do sleep 0.05; done; echo two`

        ### later: After the talker
        - depends: talker
        - run: `echo later-output`
        """;

    private static Task<CliResult> Logs(QueueWorkspace workspace, params string[] args) =>
        CliProcess.RunAsync(workspace.Root, ["logs", .. args, "--home", workspace.Home]);

    private static string CurrentRun(QueueWorkspace workspace) => File.ReadAllText(Path.Combine(workspace.Home, "current-run")).Trim();

    [Fact]
    public async Task Logs_TaskThatRanTwice_PrintsEveryAttemptOrOnlyTheOneAsked()
    {
        using var workspace = new QueueWorkspace(RetriedQueue);
        Assert.Equal(0, (await workspace.ExecuteAsync()).ExitCode);

        var all = await Logs(workspace, "flaky");
        var second = await Logs(workspace, "flaky", "--attempt", "2");

        Assert.True(all.ExitCode == 0, all.ToString());
        var lines = all.Stdout.Split('\n');
        Assert.StartsWith("=== attempt 1 started ", lines[0], StringComparison.Ordinal);
        Assert.Contains("first try", lines);
        Assert.Contains("[stderr] gone wrong", lines);
        Assert.Contains(lines, l => l.StartsWith("=== attempt 1 ended ", StringComparison.Ordinal) && l.Contains("failed", StringComparison.Ordinal));
        Assert.Contains("second try ✓", lines);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.StartsWith("=== attempt 2 started ", second.Stdout, StringComparison.Ordinal);
        Assert.Contains("second try ✓", second.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("first try", second.Stdout, StringComparison.Ordinal);
        Assert.Contains("=== attempt 2 ended ", second.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_UnknownRunTaskOrAttempt_ExitOneNamingTheNearestAndAPathIsNoTaskId()
    {
        using var workspace = new QueueWorkspace(RetriedQueue);
        await workspace.ExecuteAsync();
        var run = CurrentRun(workspace);
        var misspelt = run[..^1] + (run[^1] == 'x' ? 'y' : 'x');

        var task = await Logs(workspace, "flakey");
        var attempt = await Logs(workspace, "flaky", "--attempt", "3");
        var otherRun = await Logs(workspace, "flaky", "--run", misspelt);
        var path = await Logs(workspace, "../../task-queue");

        Assert.Equal((1, 1, 1, 2), (task.ExitCode, attempt.ExitCode, otherRun.ExitCode, path.ExitCode));
        Assert.Contains("<TASK>: '../../task-queue' is not a task id", path.Stderr, StringComparison.Ordinal);
        Assert.Contains($"run {run} has no task 'flakey'; did you mean 'flaky'?", task.Stderr, StringComparison.Ordinal);
        Assert.Contains("task 'flaky' has no attempt 3 in its log; it has attempts 1, 2", attempt.Stderr, StringComparison.Ordinal);
        Assert.Contains($"no run '{misspelt}' in {workspace.Home}; did you mean '{run}'?", otherRun.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_TaskThatSucceededWithoutOutput_HasNoLogFileAndSaysSoFromTheJournal()
    {
        using var workspace = new QueueWorkspace("""
            # Queue: silent

            ### quiet: Says nothing
            - run: `true`
            """);
        Assert.Equal(0, (await workspace.ExecuteAsync()).ExitCode);

        var all = await Logs(workspace, "quiet");
        var first = await Logs(workspace, "quiet", "--attempt", "1");
        var second = await Logs(workspace, "quiet", "--attempt", "2");

        Assert.Empty(Directory.GetFiles(workspace.Home, "quiet.log", SearchOption.AllDirectories));
        Assert.Equal((0, 0, 1), (all.ExitCode, first.ExitCode, second.ExitCode));
        Assert.Equal("", all.Stdout);
        Assert.Matches("attempt 1 of 'quiet' wrote no output \\(it succeeded in .*\\): an attempt that succeeds without a word leaves no task log", all.Stderr);
        Assert.Contains("attempt 1 of 'quiet' wrote no output", first.Stderr, StringComparison.Ordinal);
        Assert.Contains("task 'quiet' has no attempt 2 in its log", second.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_Follow_PrintsAsTheTaskWritesThenExitsWhenItEnds()
    {
        using var workspace = new QueueWorkspace(TalkingQueue);
        await using var executor = workspace.StartExecute();
        await executor.WaitForOutputAsync("started    talker");
        await using var talker = CliProcess.Start(workspace.Root, "logs", "talker", "--follow", "--home", workspace.Home);
        // Not started yet: followed from its first line once it runs.
        await using var later = CliProcess.Start(workspace.Root, "logs", "later", "--follow", "--home", workspace.Home);

        await talker.WaitForOutputAsync("one");
        Assert.DoesNotContain("two", talker.Output, StringComparison.Ordinal);
        File.WriteAllText(workspace.PathOf("go"), "");
        var followed = await talker.WaitForExitAsync();
        var followedLater = await later.WaitForExitAsync();

        Assert.True(followed.ExitCode == 0, followed.ToString());
        Assert.Contains("two", followed.Stdout, StringComparison.Ordinal);
        Assert.Contains("=== attempt 1 ended ", followed.Stdout, StringComparison.Ordinal);
        Assert.True(followedLater.ExitCode == 0, followedLater.ToString());
        Assert.Contains("later-output", followedLater.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, (await executor.WaitForExitAsync()).ExitCode);
    }

    [Fact]
    public async Task LogEndpoint_DuringARun_ServesTheWholeLogPagedOrOneAttemptAndRefusesWhatIsNotThere()
    {
        using var workspace = new QueueWorkspace(TalkingQueue);
        await using var executor = workspace.StartExecute("--monitor", "--monitor-port", "0");
        using var http = await MonitorAddress.ClientAsync(executor);
        await executor.WaitForOutputAsync("started    talker");
        // Once the follower has printed it, the log holds it.
        await using (var follower = CliProcess.Start(workspace.Root, "logs", "talker", "--follow", "--home", workspace.Home))
            await follower.WaitForOutputAsync("one");

        var running = await Json(http, "api/v1/tasks/talker/log");
        var firstPage = await Json(http, "api/v1/tasks/talker/log?limit=10");
        var rest = await Json(http, $"api/v1/tasks/talker/log?offset={firstPage.GetProperty("next_offset").GetInt64()}");
        var noAttempt = await http.GetAsync("api/v1/tasks/talker/log?attempt=2");
        var noTask = await http.GetAsync("api/v1/tasks/talkr/log");
        var badOffset = await http.GetAsync("api/v1/tasks/talker/log?offset=abc");
        File.WriteAllText(workspace.PathOf("go"), "");
        await executor.WaitForOutputAsync("succeeded  later");

        Assert.Equal(("talker", JsonValueKind.Null, 0L, false), (running.GetProperty("task_id").GetString(), running.GetProperty("attempt").ValueKind,
            running.GetProperty("offset").GetInt64(), running.GetProperty("complete").GetBoolean()));
        Assert.StartsWith("=== attempt 1 started ", running.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("\none\n", running.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(running.GetProperty("size").GetInt64(), running.GetProperty("next_offset").GetInt64());
        // A page shorter than the header line is cut inside it, and the next page takes up exactly there.
        Assert.Equal(10, firstPage.GetProperty("next_offset").GetInt64());
        Assert.Equal(running.GetProperty("text").GetString(), firstPage.GetProperty("text").GetString() + rest.GetProperty("text").GetString());
        Assert.Equal(HttpStatusCode.NotFound, noAttempt.StatusCode);
        Assert.Contains("no attempt 2 in its log; it has attempt 1", await ErrorOf(noAttempt), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, noTask.StatusCode);
        Assert.Contains("did you mean 'talker'?", await ErrorOf(noTask), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badOffset.StatusCode);
        Assert.Contains("offset: 'abc' is not a whole number", await ErrorOf(badOffset), StringComparison.Ordinal);

        var ended = await Json(http, "api/v1/tasks/talker/log?attempt=1");
        Assert.True(ended.GetProperty("complete").GetBoolean());
        Assert.Contains("two\n=== attempt 1 ended ", ended.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await executor.WaitForExitAsync()).ExitCode);
    }

    private static async Task<string> ErrorOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString()!;

    private static async Task<JsonElement> Json(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
