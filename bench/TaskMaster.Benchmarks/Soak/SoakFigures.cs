using TaskMaster.Core.Policies;

namespace TaskMaster.Benchmarks.Soak;

/// <summary>
/// The soak's figures, each computed once from a <see cref="SoakRecording"/>, with its aim
/// (docs/benchmarks.md, "soak"). NaN where the run was too short to show a figure.
/// </summary>
/// <param name="BudgetBytes">The executor's own O(√n) budget for the run's tasks (<see cref="MemoryBudget.Default"/>, as the CLI uses it).</param>
/// <param name="WarmRssBytes">Median resident memory while the second tenth of the tasks finished (after warm-up).</param>
/// <param name="EndRssBytes">Median resident memory while the last tenth finished.</param>
/// <param name="Lost">Tasks that should have succeeded and did not (by the run's own report).</param>
/// <param name="UnexpectedFailures">Tasks failed for good beyond those made to.</param>
/// <param name="MaxCheckpointFiles">The most checkpoint files in the home at any day's end (aim: the two folders' <c>--checkpoint-retain</c>).</param>
/// <param name="SampleLineBound">The most sample lines the monitoring data may hold for a run this long (docs/monitoring-history.md "Bound").</param>
internal sealed record SoakFigures(
    long BudgetBytes, double WarmRssBytes, double EndRssBytes, double MemoryGrowth, long PeakRssBytes,
    double RecoveryRate, int TransientFailures, int Recovered, double AutonomyScore, int OperatorActions,
    double FirstTenthPerSecond, double LastTenthPerSecond, double ThroughputRatio,
    int Lost, int UnexpectedFailures, int MaxCheckpointFiles, int MaxSampleLines, int SampleLineBound, bool MaintenanceAlwaysSucceeded)
{
    public const double MemoryGrowthAim = 0.05;
    public const double RecoveryAim = 0.999;
    public const double ThroughputAim = 0.05;

    /// <summary>The executor's default <c>--checkpoint-retain</c>, in each of its two folders.</summary>
    public const int CheckpointRetain = 20;

    public bool MemoryWithinAim => MemoryGrowth < MemoryGrowthAim;

    public bool RecoveryWithinAim => RecoveryRate >= RecoveryAim;

    // The PRD's bound is on degradation: an end faster than the start (whose first seconds are the JIT's) is within it.
    public bool ThroughputWithinAim => ThroughputRatio >= 1 - ThroughputAim;

    /// <summary>
    /// The most checkpoint files a look at the home may see: <see cref="CheckpointRetain"/> in each folder, plus the one
    /// being written there. The store renames a new checkpoint in before it prunes the oldest (so a crash between the two
    /// never leaves fewer than <c>--checkpoint-retain</c> valid ones), and the day's count runs beside the live executor.
    /// </summary>
    public const int CheckpointFileBound = 2 * (CheckpointRetain + 1);

    public bool CheckpointsBounded => MaxCheckpointFiles <= CheckpointFileBound;

    public bool SamplesBounded => MaxSampleLines <= SampleLineBound;

    public static SoakFigures Of(SoakRecording run)
    {
        var tasks = run.Options.Tasks;
        var report = run.Report;
        var warm = Median(run.Memory, tasks / 10, tasks * 2 / 10);
        var end = Median(run.Memory, tasks * 9 / 10, tasks + 1);
        var first = PerSecond(run, 0);
        var last = PerSecond(run, 9);
        var days = run.Days.SelectMany(d => new[] { d.Before, d.After }).ToArray();
        var permanent = SoakQueue.Permanent(run.Options);
        return new SoakFigures(
            MemoryBudget.Default.For(tasks), warm, end, end / warm - 1, run.PeakRssBytes,
            report.TransientFailures == 0 ? double.NaN : (double)report.Recovered / report.TransientFailures, report.TransientFailures, report.Recovered,
            report.AutonomyScore, report.OperatorActions,
            first, last, last / first,
            Math.Max(0, tasks - permanent - report.Succeeded), Math.Max(0, report.Failed - permanent),
            days.Length == 0 ? 0 : days.Max(d => d.CheckpointFiles), days.Length == 0 ? 0 : days.Max(d => d.SampleLines),
            MostSampleLines(run.End), run.Days.Count == run.Options.Days && run.Days.All(d => d.MaintenanceExit == 0));
    }

    // At one sample a second, rewritten once an hour has been appended: up to two hours whole, the day before one a minute, older ones one per 15 minutes.
    private static int MostSampleLines(TimeSpan wall) => 7_200 + 1_440 + 96 * (int)Math.Ceiling(wall.TotalDays);

    private static double Median(IReadOnlyList<MemorySample> samples, int fromFinished, int toFinished)
    {
        var within = samples.Where(s => s.Finished >= fromFinished && s.Finished < toFinished).Select(s => (double)s.RssBytes).ToArray();
        return within.Length == 0 ? double.NaN : Stats.Median(within);
    }

    // Tasks finished per second in the tenth that starts at Tenths[k].
    private static double PerSecond(SoakRecording run, int k)
    {
        var seconds = (run.Tenths[k + 1] - run.Tenths[k]).TotalSeconds;
        var count = (int)((long)run.Options.Tasks * (k + 1) / 10) - (int)((long)run.Options.Tasks * k / 10);
        return seconds <= 0 || run.Tenths[k + 1] == TimeSpan.Zero ? double.NaN : count / seconds;
    }
}
