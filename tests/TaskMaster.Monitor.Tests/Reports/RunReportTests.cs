using System.Text.Json;
using TaskMaster.Core.ReadModel;
using TaskMaster.Monitor.History;
using TaskMaster.Monitor.Reports;
using TaskMaster.Monitor.Tests.Support;

namespace TaskMaster.Monitor.Tests.Reports;

public sealed class RunReportTests : IAsyncLifetime
{
    private ReportedRun _run = null!;

    public async ValueTask InitializeAsync() => _run = await ReportedRun.CreateAsync();

    public ValueTask DisposeAsync()
    {
        _run.Dispose();
        return ValueTask.CompletedTask;
    }

    private RunReport Report(bool live = false)
    {
        var (record, problem) = RunRecord.Load(_run.Home, runId: null);
        Assert.True(record is not null, problem);
        return RunReportBuilder.Build(record, HistoryBuilder.Build(_run.Home, record.RunId), live, ReportedRun.Start.AddHours(1));
    }

    [Fact]
    public void Build_FinishedRunOfALingeringExecutor_IsNotLive()
    {
        var report = Report(live: true);

        Assert.False(report.Live);
        Assert.Equal(RunPhase.Failed, report.State);
    }

    private JsonElement Json() => JsonSerializer.SerializeToElement(Report(), InsightsJson.Options);

    [Fact]
    public void Build_FinishedRun_SummaryAndCounts()
    {
        var json = Json();

        Assert.Equal(ReportedRun.RunId, json.GetProperty("run_id").GetString());
        Assert.Equal("failed", json.GetProperty("state").GetString());
        Assert.Equal("reported", json.GetProperty("queue").GetProperty("name").GetString());
        var counts = json.GetProperty("counts");
        Assert.Equal((5, 4, 1, 0), (counts.GetProperty("total").GetInt32(), counts.GetProperty("succeeded").GetInt32(),
            counts.GetProperty("failed").GetInt32(), counts.GetProperty("blocked").GetInt32()));
        Assert.Equal(3, counts.GetProperty("failed_attempts").GetInt32());
        Assert.True(json.GetProperty("duration_seconds").GetDouble() >= 120);
    }

    [Fact]
    public void Build_Diamond_CriticalPathFollowsTheLongestActualChain()
    {
        var report = Report();

        Assert.Equal(["a", "b", "d"], report.CriticalPath.Tasks.Select(t => t.Id));
        Assert.Equal("b", report.SlowestTasks[0].Id);
        Assert.Equal(120, report.CriticalPath.DurationSeconds); // 10 + 100 + 10 s, each from its start to its end
    }

    [Fact]
    public void Build_TransientFailures_RecoveryIsRecoveredOverTransient()
    {
        var recovery = Report().Recovery;

        // c failed once and then succeeded; e failed twice and never did.
        Assert.Equal((3, 1, 0.3333), (recovery.TransientFailures, recovery.Recovered, recovery.RecoveryRate));
    }

    [Fact]
    public void Build_RunData_RecommendsRetriesAndEstimate()
    {
        var rules = Report().Recommendations.Select(r => (r.Rule, r.TaskId)).ToList();

        Assert.Contains(("raise-retries", "e"), rules);
        Assert.Contains(("estimate-off", "b"), rules);
    }

    [Fact]
    public void Build_History_HasTheContractShape()
    {
        var history = Json().GetProperty("history");

        Assert.Equal(["alerts", "errors", "journal_damage", "run_id", "samples", "started_at", "timeline"], history.EnumerateObject().Select(p => p.Name).Order());
        var attempts = history.GetProperty("timeline").EnumerateArray().ToList();
        Assert.Equal(7, attempts.Count); // a, b, c twice, d, e twice
        var first = attempts.First(a => a.GetProperty("task_id").GetString() == "c");
        Assert.Equal(("failed", 1), (first.GetProperty("outcome").GetString(), first.GetProperty("attempt").GetInt32()));
        Assert.Equal(ReportedRun.Start.ToUnixTimeMilliseconds(), attempts[0].GetProperty("start_ms").GetInt64());
        var error = history.GetProperty("errors")[0];
        Assert.Equal("transient", error.GetProperty("class").GetString());
    }

    [Fact]
    public void Build_LiveUnfinishedRun_StateRunning()
    {
        var (record, _) = RunRecord.Load(_run.Home, null);

        var report = RunReportBuilder.Build(record! with { State = RestartedState(record!) }, HistoryBuilder.Build(_run.Home, record!.RunId), live: true, ReportedRun.Start);

        Assert.Equal(RunPhase.Running, report.State);
        Assert.True(report.Live);
    }

    [Fact]
    public void Load_UnknownRun_ListsTheKnownOnes()
    {
        var (record, problem) = RunRecord.Load(_run.Home, "run-nope");

        Assert.Null(record);
        Assert.Contains($"known runs: {ReportedRun.RunId}", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_HostileTitle_Escaped()
    {
        var title = _run.Queue.Tasks.Single(t => t.Id == "b").Title;
        Assert.Contains("</script>", title, StringComparison.Ordinal);

        var markdown = MarkdownReport.Render(Report());

        Assert.DoesNotContain("<b>", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("</script>", markdown, StringComparison.Ordinal);
        Assert.Contains(@"&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt; \| y &amp; z", markdown, StringComparison.Ordinal);
        Assert.Contains("| a | Fetch |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_HostileTitle_CannotCloseTheDataTag()
    {
        // A small page of our own stands in for the dashboard's report page, which is not always built in.
        const string template = "<html><body><script id=\"tm-report-data\" type=\"application/json\">{}</script><script>render()</script></body></html>";

        var html = HtmlReport.Render(template, Report());

        var start = html.IndexOf("application/json\">", StringComparison.Ordinal) + "application/json\">".Length;
        var end = html.IndexOf("</script>", start, StringComparison.Ordinal);
        Assert.EndsWith("<script>render()</script></body></html>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<", html[start..end], StringComparison.Ordinal);
        using var data = JsonDocument.Parse(html[start..end]);
        var b = data.RootElement.GetProperty("slowest_tasks").EnumerateArray().Single(t => t.GetProperty("id").GetString() == "b");
        Assert.Equal(_run.Queue.Tasks.Single(t => t.Id == "b").Title, b.GetProperty("title").GetString());
    }

    [Fact]
    public void Html_EmbeddedReportPage_CarriesTheReport()
    {
        var html = HtmlReport.Render(HtmlReport.EmbeddedTemplate(), Report());

        Assert.DoesNotContain(HtmlReport.Placeholder, html, StringComparison.Ordinal);
        Assert.Contains($"\"run_id\":\"{ReportedRun.RunId}\"", html, StringComparison.Ordinal);
    }

    // The same run as seen while it went on: only its first events folded.
    private static Core.State.RunState RestartedState(RunRecord record)
    {
        var state = new Core.State.RunState(record.Queue);
        foreach (var e in record.Events.Take(3)) state.Apply(e);
        return state;
    }
}
