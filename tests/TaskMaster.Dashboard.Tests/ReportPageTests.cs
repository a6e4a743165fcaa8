using System.Text.Json.Nodes;
using Microsoft.Playwright;
using TaskMaster.Dashboard.Tests.Support;

namespace TaskMaster.Dashboard.Tests;

/// <summary>report.html: every section of a report document, drawn with the dashboard's chart code, text only.</summary>
public sealed class ReportPageTests(BrowserFixture browser) : IDisposable
{
    private const string Hostile = "<img src=x onerror=window.__xss=1><script>window.__xss=1</script>";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "taskmaster-dashboard-tests", Guid.NewGuid().ToString("n"));

    /// <summary>A report shaped as <c>task-master report --format json</c> writes it (docs/monitoring-contract.md).</summary>
    private static JsonObject Report()
    {
        var start = DateTimeOffset.Parse("2026-11-25T01:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
        var samples = new JsonArray();
        for (var i = 0; i < 60; i++)
        {
            samples.Add(new JsonObject
            {
                ["t_ms"] = start + i * 1000, ["cpu_percent"] = 20 + i % 30, ["memory_bytes"] = 40_000_000 + i * 100_000,
                ["memory_budget_bytes"] = 64_000_000, ["disk_read_bytes_per_s"] = 1000 * i, ["disk_write_bytes_per_s"] = 500 * i,
                ["network"] = "ok", ["running"] = 2, ["finished"] = i, ["failed"] = i / 20, ["error_rate"] = 0.02,
                ["autonomy_score"] = 1.0, ["efficiency"] = 0.8 + i % 5 / 50.0, ["throughput_per_min"] = 12,
                ["tasks"] = new JsonArray(new JsonObject { ["id"] = "build", ["cpu_percent"] = 90, ["memory_bytes"] = 1_000_000 }),
            });
        }
        var timeline = new JsonArray();
        for (var i = 0; i < 12; i++)
        {
            timeline.Add(new JsonObject
            {
                ["task_id"] = $"task-{i}", ["attempt"] = 1, ["start_ms"] = start + i * 4000, ["end_ms"] = start + i * 4000 + 6000,
                ["outcome"] = i == 5 ? "failed" : "succeeded",
            });
        }
        return new JsonObject
        {
            ["report_version"] = 1, ["run_id"] = "run-report", ["queue"] = new JsonObject { ["name"] = "nightly", ["path"] = "q.md" },
            ["state"] = "completed", ["duration_seconds"] = 60.0,
            ["counts"] = new JsonObject { ["total"] = 12, ["succeeded"] = 11, ["failed"] = 1 },
            ["slowest_tasks"] = new JsonArray(new JsonObject { ["id"] = "task-3", ["title"] = Hostile, ["duration_seconds"] = 6.0, ["attempts"] = 1 }),
            ["critical_path"] = new JsonObject
            {
                ["duration_seconds"] = 50.0, ["share_of_run"] = 0.83,
                ["tasks"] = new JsonArray(new JsonObject { ["id"] = "task-0", ["title"] = "First", ["duration_seconds"] = 6.0 }),
            },
            ["errors_by_class"] = new JsonArray(new JsonObject { ["class"] = "permanent", ["count"] = 1 }),
            ["recovery"] = new JsonObject { ["transient_failures"] = 0, ["recovered"] = 0, ["recovery_rate"] = null },
            ["autonomy"] = new JsonObject { ["score"] = 1.0, ["operator_actions"] = 0 },
            ["recommendations"] = new JsonArray(new JsonObject { ["rule"] = "slow-task", ["task_id"] = "task-3", ["message"] = $"Split {Hostile}" }),
            ["history"] = new JsonObject
            {
                ["run_id"] = "run-report", ["started_at"] = "2026-11-25T01:00:00Z", ["samples"] = samples, ["timeline"] = timeline,
                ["errors"] = new JsonArray(new JsonObject { ["t_ms"] = start + 26_000, ["task_id"] = "task-5", ["class"] = "permanent", ["message"] = Hostile }),
                ["alerts"] = new JsonArray(),
            },
        };
    }

    [Fact]
    public async Task ReportPage_WithReportDocument_RendersEverySectionAsText()
    {
        await using var tab = await browser.OpenAsync(DashboardFile.WriteReport(_folder, Report()));

        foreach (var section in new[] { "summary", "counts", "recovery", "slowest", "critical-path", "errors", "recommendations", "history" })
            await Assertions.Expect(tab.Page.Locator($"#{section}")).ToBeVisibleAsync();
        await Assertions.Expect(tab.Page.Locator("#slowest")).ToContainTextAsync(Hostile);
        await Assertions.Expect(tab.Page.Locator("#recommendations")).ToContainTextAsync($"Split {Hostile}");
        await Assertions.Expect(tab.Page.Locator("#critical-path")).ToContainTextAsync("83% of the run");
        await Assertions.Expect(tab.Page.Locator("#history")).ToContainTextAsync("12 tasks, 12 attempts");
        Assert.Equal(3, await tab.Page.Locator("#history .u-over").CountAsync());

        Assert.True(await tab.Page.EvaluateAsync<bool>("() => window.__xss === undefined"));
        Assert.Equal(0, await tab.Page.Locator("img").CountAsync());
        Assert.Empty(tab.ScriptErrors);
    }

    [Fact]
    public async Task ReportPage_AttemptStillOpenInTheData_IsDrawnToTheRunsEndNeverPastIt()
    {
        var report = Report();
        var timeline = report["history"]!["timeline"]!.AsArray();
        var start = timeline[0]!["start_ms"]!.GetValue<long>();
        timeline.Add(new JsonObject { ["task_id"] = "left-open", ["attempt"] = 1, ["start_ms"] = start + 50_000, ["end_ms"] = null, ["outcome"] = "running" });
        report["ended_at"] = DateTimeOffset.FromUnixTimeMilliseconds(start + 60_000).ToString("O", System.Globalization.CultureInfo.InvariantCulture);

        await using var tab = await browser.OpenAsync(DashboardFile.WriteReport(_folder, report));

        var bar = tab.Page.Locator("[data-testid=timeline-attempts] li[data-task-id=left-open]");
        await bar.WaitForAsync(new() { State = WaitForSelectorState.Attached });
        Assert.Equal("10000", await bar.GetAttributeAsync("data-duration-ms"));
        Assert.Empty(tab.ScriptErrors);
    }

    [Fact]
    public async Task ReportPage_FailedTasks_ShowsEachWithItsAttemptsAndStderrAsText()
    {
        var report = Report();
        report["failed_tasks"] = new JsonArray(new JsonObject
        {
            ["id"] = "task-5", ["title"] = Hostile, ["error"] = "exit code 3 (success is exit 0)", ["class"] = "permanent", ["kind"] = "exit_code",
            ["exit_code"] = 3, ["signal"] = null, ["log_path"] = "/home/runs/run-report/tasks/task-5.log",
            ["stderr_tail"] = new JsonArray(Hostile, "the disk exploded"),
            ["attempts"] = new JsonArray(new JsonObject
            {
                ["attempt"] = 1, ["started_at"] = "2026-11-25T01:00:20Z", ["ended_at"] = "2026-11-25T01:00:26Z", ["duration_seconds"] = 6.0,
                ["outcome"] = "failed", ["error"] = "exit code 3 (success is exit 0)",
            }),
        });

        await using var tab = await browser.OpenAsync(DashboardFile.WriteReport(_folder, report));

        var section = tab.Page.Locator("#failed-tasks .failed-task[data-task-id=task-5]");
        await Assertions.Expect(section).ToContainTextAsync(Hostile);
        await Assertions.Expect(section).ToContainTextAsync("permanent · exit_code");
        await Assertions.Expect(section.Locator("pre")).ToHaveTextAsync($"{Hostile}\nthe disk exploded");
        await Assertions.Expect(section.Locator("table")).ToContainTextAsync("2026-11-25 01:00:20 UTC");
        await Assertions.Expect(section.Locator("table")).ToContainTextAsync("6s");
        Assert.True(await tab.Page.EvaluateAsync<bool>("() => window.__xss === undefined"));
        Assert.Equal(0, await tab.Page.Locator("img").CountAsync());
    }

    [Fact]
    public async Task ReportPage_EmptyDocument_SaysSoWithoutErrors()
    {
        await using var tab = await browser.OpenAsync(DashboardFile.WriteReport(_folder, []));
        await Assertions.Expect(tab.Page.GetByText("This report holds no data.")).ToBeVisibleAsync();
        Assert.Empty(tab.ScriptErrors);
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { /* the browser may still hold the file; the temp folder is cleaned eventually */ }
    }
}
