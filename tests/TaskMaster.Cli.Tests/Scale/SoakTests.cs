using System.Text.Json;
using TaskMaster.Benchmarks.Soak;
using TaskMaster.Cli.Tests.Support;

namespace TaskMaster.Cli.Tests.Scale;

/// <summary>
/// The soak benchmark's short form: two simulated days of 20,000 short tasks through the real CLI
/// (the monitor on with a feed client, checkpoints every 2 s, maintenance at each day's end). It
/// asserts what a short run can show: the run ends, nothing is lost, every transient failure is
/// recovered, no operator was needed, disk stays within the retention settings, and every figure of
/// the report is computed. Memory growth and throughput need the long form (docs/benchmarks.md, "soak").
/// </summary>
public sealed class SoakTests : IDisposable
{
    private static readonly SoakOptions Short = SoakOptions.Default with { Tasks = 20_000, Days = 2, CheckpointEvery = TimeSpan.FromSeconds(2), Concurrency = 8 };

    private readonly QueueWorkspace _workspace = new("");

    [Fact]
    public async Task Run_TwoDaysOfTwentyThousandTasks_NothingLostEveryTransientFailureRecoveredDiskWithinRetention()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "task-master.dll");

        // A guard against a hang, not a measure: 20,000 processes take minutes on a busy machine.
        var run = await SoakRun.RunAsync(dll, Short, _workspace.Root, _ => { }).WaitAsync(TimeSpan.FromMinutes(15));
        var figures = SoakFigures.Of(run);

        // The permanent failures end the run as failed (exit 1), and nothing else does.
        Assert.Equal((1, "failed"), (run.ExitCode, run.Report.State));
        Assert.Equal((20_000 - 10, 10), (run.Report.Succeeded, run.Report.Failed));
        Assert.Equal((run.Report.Succeeded, run.Report.Failed), (run.Succeeded, run.FailedForGood));
        Assert.Equal((0, 0), (figures.Lost, figures.UnexpectedFailures));
        Assert.Equal(2_000, run.Report.TransientFailures);
        Assert.Equal(run.ExpectedTransient, run.Report.Recovered);
        Assert.True(figures.RecoveryWithinAim, $"recovery rate {figures.RecoveryRate}");
        Assert.Equal((0, 1.0), (run.Report.OperatorActions, run.Report.AutonomyScore));
        Assert.True(run.FeedProblem is null && run.FeedUpdates > 0, $"feed: {run.FeedUpdates} updates; {run.FeedProblem}");

        Assert.Equal([1, 2], run.Days.Select(d => d.Day));
        Assert.All(run.Days, d => Assert.True(d.MaintenanceExit == 0, d.MaintenanceSaid));
        Assert.True(figures.CheckpointsBounded, $"{figures.MaxCheckpointFiles} checkpoint files");
        Assert.True(figures.SamplesBounded, $"{figures.MaxSampleLines} sample lines");
        // Once the run has ended, the last day's maintenance archives its older task logs and checkpoints.
        var last = run.Days[^1];
        Assert.True(last.After.Archives > 0 && last.After.Logs < last.Before.Logs, last.MaintenanceSaid);

        Assert.All([figures.WarmRssBytes, figures.EndRssBytes, figures.MemoryGrowth, figures.FirstTenthPerSecond, figures.LastTenthPerSecond, figures.ThroughputRatio],
            value => Assert.True(double.IsFinite(value) && value > -1, $"{figures}"));
        Assert.InRange(figures.PeakRssBytes, (long)figures.WarmRssBytes, figures.BudgetBytes * 4);
        using var json = JsonDocument.Parse(SoakReport.Json(run, figures));
        Assert.Equal(1.0, json.RootElement.GetProperty("figures").GetProperty("recovery_rate").GetDouble());
        Assert.Contains("| transient recovery rate | 1.0000 (2,000 of 2,000) | ≥ 0.999 | yes |", SoakReport.Markdown(run, figures), StringComparison.Ordinal);
    }

    public void Dispose() => _workspace.Dispose();
}
