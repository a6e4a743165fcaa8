using System.Text.Json;
using TaskMaster.Cli.Tests.Support;
using TaskMaster.Testing.Servers;

namespace TaskMaster.Cli.Tests.Commands;

public sealed class ReportCommandTests
{
    private const string Queue = """
        # Queue: reported

        ### first: First
        - run: `sleep 0.2`

        ### second: Second
        - depends: first
        - run: `true`

        ### broken: Broken
        - run: `exit 3`
        """;

    private static string RunIdOf(QueueWorkspace workspace) => Path.GetFileName(Path.GetDirectoryName(workspace.Journals().Single()))!;

    [Fact]
    public async Task Report_Json_AfterExecute_DescribesTheRun()
    {
        using var workspace = new QueueWorkspace(Queue);
        var executed = await workspace.ExecuteAsync();
        Assert.True(executed.ExitCode == 1, executed.ToString());

        var result = await CliProcess.RunAsync(workspace.Root, "report", "--home", workspace.Home, "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var report = json.RootElement;
        Assert.Equal(RunIdOf(workspace), report.GetProperty("run_id").GetString());
        Assert.Equal("failed", report.GetProperty("state").GetString());
        Assert.Equal((3, 2, 1), (report.GetProperty("counts").GetProperty("total").GetInt32(),
            report.GetProperty("counts").GetProperty("succeeded").GetInt32(), report.GetProperty("counts").GetProperty("failed").GetInt32()));
        Assert.Equal(["first", "second"], report.GetProperty("critical_path").GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("id").GetString()));
        var history = report.GetProperty("history");
        Assert.Equal(3, history.GetProperty("timeline").GetArrayLength());
        Assert.True(history.GetProperty("samples").GetArrayLength() >= 1, "the run's end takes a sample");
        var alert = Assert.Single(history.GetProperty("alerts").EnumerateArray());
        Assert.Equal(("PersistentFailures", "broken"), (alert.GetProperty("name").GetString(), alert.GetProperty("labels").GetProperty("task_id").GetString()));
    }

    [Fact]
    public async Task Report_HtmlToFile_ThePageWithTheReportInside()
    {
        using var workspace = new QueueWorkspace(Queue);
        await workspace.ExecuteAsync();
        var file = workspace.PathOf("report.html");

        var result = await CliProcess.RunAsync(workspace.Root, "report", "--home", workspace.Home, "--format", "html", "--output", file);

        Assert.True(result.ExitCode == 0, result.ToString());
        var html = await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken);
        Assert.StartsWith("<!doctype html>", html.TrimStart(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"<script id=\"tm-report-data\" type=\"application/json\">{{\"report_version\":1,", html, StringComparison.Ordinal);
        Assert.Contains(RunIdOf(workspace), html, StringComparison.Ordinal);
    }

    private const string Hostile = "<b>x</b> & <img src=x onerror=alert(1)>";

    private const string FailingQueue = $$"""
        # Queue: failing

        ### flaky: {{Hostile}}
        - retries: 1
        - retry-on: exit 75
        - retry-backoff: 0s
        - run: `echo "boom on attempt $TASKMASTER_ATTEMPT" >&2; exit 75`
        """;

    [Fact]
    public async Task Report_FailedTask_HasItsErrorClassAttemptsStderrAndLogInEveryFormat()
    {
        using var workspace = new QueueWorkspace(FailingQueue);
        Assert.Equal(1, (await workspace.ExecuteAsync()).ExitCode);

        var json = JsonDocument.Parse((await CliProcess.RunAsync(workspace.Root, "report", "--home", workspace.Home, "--format", "json")).Stdout).RootElement;
        var failed = Assert.Single(json.GetProperty("failed_tasks").EnumerateArray());
        Assert.Equal(("flaky", Hostile), (failed.GetProperty("id").GetString(), failed.GetProperty("title").GetString()));
        Assert.Equal(("exit code 75 (success is exit 0)", "transient", "exit_code"),
            (failed.GetProperty("error").GetString(), failed.GetProperty("class").GetString(), failed.GetProperty("kind").GetString()));
        Assert.Contains("boom on attempt 2", failed.GetProperty("stderr_tail").EnumerateArray().Select(l => l.GetString()));
        Assert.Contains("boom on attempt 1", await File.ReadAllTextAsync(failed.GetProperty("log_path").GetString()!, TestContext.Current.CancellationToken));
        // Its attempts, each timed by the one definition the timeline uses.
        var timeline = json.GetProperty("history").GetProperty("timeline").EnumerateArray().ToList();
        var attempts = failed.GetProperty("attempts").EnumerateArray().ToList();
        Assert.Equal([1, 2], attempts.Select(a => a.GetProperty("attempt").GetInt32()));
        foreach (var (attempt, bar) in attempts.Zip(timeline))
        {
            Assert.Equal(("failed", "exit code 75 (success is exit 0)"), (attempt.GetProperty("outcome").GetString(), attempt.GetProperty("error").GetString()));
            Assert.Equal((bar.GetProperty("end_ms").GetInt64() - bar.GetProperty("start_ms").GetInt64()) / 1000.0, attempt.GetProperty("duration_seconds").GetDouble(), 3);
        }

        var markdown = (await CliProcess.RunAsync(workspace.Root, "report", "--home", workspace.Home, "--format", "md")).Stdout;
        var section = markdown[markdown.IndexOf("## Failed tasks", StringComparison.Ordinal)..markdown.IndexOf("## Slowest tasks", StringComparison.Ordinal)];
        Assert.Contains(@"### flaky: &lt;b&gt;x&lt;/b&gt; &amp; &lt;img src=x onerror=alert\(1\)&gt;", section, StringComparison.Ordinal);
        Assert.Contains("- Class: transient", section, StringComparison.Ordinal);
        Assert.Contains("boom on attempt 2", section, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", markdown, StringComparison.Ordinal);

        var file = workspace.PathOf("report.html");
        await CliProcess.RunAsync(workspace.Root, "report", "--home", workspace.Home, "--format", "html", "--output", file);
        var html = await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken);
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
        // The title is in the page's data, every < > & written as a JSON escape: text, never markup.
        Assert.Contains(@"\u003Cimg src=x onerror=alert(1)\u003E", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Report_UnknownRun_ListsTheKnownOnes()
    {
        using var workspace = new QueueWorkspace(Queue);
        await workspace.ExecuteAsync();

        var result = await CliProcess.RunAsync(workspace.Root, "report", "--home", workspace.Home, "--run", "run-nope", "--format", "md");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"known runs: {RunIdOf(workspace)}", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_NotifyWebhook_FailingTaskAlertReachesTheReceiver()
    {
        using var workspace = new QueueWorkspace(Queue);
        await using var receiver = await WebhookReceiver.StartAsync();

        var executed = await workspace.ExecuteAsync("--notify-webhook", receiver.Url.ToString());

        Assert.True(executed.ExitCode == 1, executed.ToString());
        var body = await receiver.NextAsync();
        Assert.Equal(("4", "firing"), (body.GetProperty("version").GetString(), body.GetProperty("status").GetString()));
        var labels = body.GetProperty("alerts")[0].GetProperty("labels");
        Assert.Equal(("PersistentFailures", "broken", RunIdOf(workspace)),
            (labels.GetProperty("alertname").GetString(), labels.GetProperty("task_id").GetString(), labels.GetProperty("run_id").GetString()));
    }
}
