using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using TaskMaster.Core.Display;
using TaskMaster.Core.Tests.Display;
using TaskMaster.Dashboard.Tests.Support;

namespace TaskMaster.Dashboard.Tests;

/// <summary>
/// One truth in every view: the dashboard (table, timeline, overview, health and its chart), the
/// status (CLI and HTTP) and the report show the same figures for the same run, written by the same
/// formatters.
/// </summary>
public sealed class DashboardOneTruthTests(BrowserFixture browser)
{
    private const string Hostile = "<b>x</b> & <img src=x onerror=alert(1)>";

    private const string Queue = $"""
        # Queue: one-truth

        - concurrency: 3

        ### long: Sleep for half a minute
        - run: `sleep 30`

        ### after: Run once long is settled
        - depends: long
        - run: `true`

        ### hostile: {Hostile}
        - run: `true`

        ### broken: Break on purpose
        - run: `echo "the disk exploded" >&2; exit 3`
        """;

    [Fact]
    public async Task Dashboard_RunningTaskSkipped_EveryViewGivesItOneDurationAndTheRunOneSummary()
    {
        await using var run = await MonitoredRun.StartAsync(Queue, "--monitor-linger", "10m");
        await using var tab = await browser.OpenAsync(run.Url.ToString());
        var dialogs = 0;
        tab.Page.Dialog += (_, dialog) => { dialogs++; _ = dialog.DismissAsync(); };
        await tab.WaitForLiveAsync();
        await tab.WaitForStateAsync("long", "running");

        var skipped = await Cli(run, "override", "--task", "long", "--action", "skip");
        Assert.True(skipped.ExitCode == 0, skipped.ToString());
        await Assertions.Expect(tab.TestId("run-state")).ToHaveAttributeAsync("data-state", "failed", new() { Timeout = 60_000 });

        var status = JsonDocument.Parse((await Cli(run, "status", "--detailed", "--format", "json")).Stdout).RootElement;
        var seconds = status.GetProperty("tasks").EnumerateArray().Single(t => t.GetProperty("id").GetString() == "long")
            .GetProperty("duration_seconds").GetDouble();
        Assert.InRange(seconds, 0.001, 29);

        // The table and the timeline, from the rows and the history the server folded by the one definition.
        await Assertions.Expect(tab.Row("long").Locator("td").Nth(4)).ToHaveTextAsync(HumanDuration.Format(seconds));
        var bar = tab.Page.Locator("[data-testid=timeline-attempts] li[data-task-id=long][data-attempt='1'][data-outcome=skipped]");
        await bar.WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 10_000 });
        Assert.Equal(Math.Round(seconds * 1000), double.Parse(await bar.GetAttributeAsync("data-duration-ms") ?? "", CultureInfo.InvariantCulture));

        // The report: its slowest tasks, its critical path and its timeline.
        var report = JsonDocument.Parse((await Cli(run, "report", "--format", "json")).Stdout).RootElement;
        Assert.Equal(seconds, Timing(report.GetProperty("slowest_tasks"), "long"));
        Assert.Equal(seconds, Timing(report.GetProperty("critical_path").GetProperty("tasks"), "long"));
        var attempt = report.GetProperty("history").GetProperty("timeline").EnumerateArray().Single(a => a.GetProperty("task_id").GetString() == "long");
        Assert.Equal(seconds * 1000, attempt.GetProperty("end_ms").GetInt64() - attempt.GetProperty("start_ms").GetInt64(), 3);

        // The run's summary as every view writes it; the last checkpoint is the one taken at the end.
        var counts = status.GetProperty("task_counts");
        await Assertions.Expect(tab.TestId("completed")).ToHaveTextAsync(ProgressText.Of(
            counts.GetProperty("total").GetInt32(), counts.GetProperty("succeeded").GetInt32(), counts.GetProperty("failed").GetInt32(),
            counts.GetProperty("blocked").GetInt32(), counts.GetProperty("skipped").GetInt32()));
        var checkpoint = status.GetProperty("last_checkpoint").GetProperty("path").GetString()!;
        Assert.Contains("-shutdown.json", checkpoint, StringComparison.Ordinal);
        await Assertions.Expect(tab.TestId("last-checkpoint")).ToContainTextAsync(Path.GetFileName(checkpoint));
        await Assertions.Expect(tab.TestId("last-checkpoint")).ToContainTextAsync(ClockTime.Format(
            status.GetProperty("last_checkpoint").GetProperty("time").GetDateTimeOffset()));

        // The health figure and the history chart's latest value: one computation, written one way.
        var autonomy = tab.Page.Locator("figure.chart", new() { HasText = "Efficiency and autonomy" })
            .Locator(".u-legend .u-series", new() { HasText = "autonomy" }).Locator(".u-value");
        await Assertions.Expect(autonomy).ToHaveTextAsync(await tab.TestId("autonomy").TextContentAsync() ?? "?");
        Assert.Equal("75.0%", await tab.TestId("autonomy").TextContentAsync());

        // Text that looks like HTML is shown as the text it is.
        await Assertions.Expect(tab.Row("hostile")).ToContainTextAsync(Hostile);
        Assert.Equal(0, await tab.Row("hostile").Locator("img, b").CountAsync());
        Assert.Equal(0, dialogs);
        Assert.Empty(tab.ScriptErrors);
    }

    [Fact]
    public async Task Format_SharedCases_WriteExactlyWhatTheServersFormattersWrite()
    {
        var folder = Directory.CreateTempSubdirectory("taskmaster-format-").FullName;
        await using var tab = await browser.OpenAsync(DashboardFile.Write(folder, new System.Text.Json.Nodes.JsonObject
        {
            ["monitor_url"] = "http://127.0.0.1:9", ["update_interval_ms"] = 1000, ["include_graphs"] = false, ["graph"] = DashboardFile.Graph(1, 1),
        }));

        foreach (var row in DisplayCases.Durations)
        {
            var (seconds, expected) = row.Data;
            Assert.Equal(expected, await tab.Page.EvaluateAsync<string>("s => window.taskmasterDashboard.format.duration(s)", seconds));
        }
        foreach (var row in DisplayCases.Times)
        {
            var (ms, expected) = row.Data;
            Assert.Equal(expected, await tab.Page.EvaluateAsync<string>("ms => window.taskmasterDashboard.format.time(new Date(ms).toISOString())", ms));
        }
        foreach (var row in DisplayCases.Progress)
        {
            var (total, succeeded, failed, blocked, skipped, expected) = row.Data;
            var text = await tab.Page.EvaluateAsync<string>(
                "([total, succeeded, failed, blocked, skipped]) => window.taskmasterDashboard.format.progressText(total, { succeeded, failed, blocked, skipped })",
                new[] { total, succeeded, failed, blocked, skipped });
            Assert.Equal(expected, text);
        }
        Directory.Delete(folder, recursive: true);
    }

    private static Task<CliResult> Cli(MonitoredRun run, params string[] args) =>
        CliProcess.RunAsync(run.Workspace.Root, [.. args, "--home", run.Workspace.Home]);

    private static double Timing(JsonElement tasks, string id) =>
        tasks.EnumerateArray().Single(t => t.GetProperty("id").GetString() == id).GetProperty("duration_seconds").GetDouble();
}
