using System.Globalization;
using System.Text;
using System.Text.Json;

namespace TaskMaster.Benchmarks.Soak;

/// <summary>The soak's figures as markdown tables (for docs/benchmarks.md), or as JSON (<c>--json</c>).</summary>
internal static class SoakReport
{
    private const double MiB = 1 << 20;

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Markdown(SoakRecording run, SoakFigures f)
    {
        var o = run.Options;
        var text = new StringBuilder();
        text.AppendLine(Invariant($"{o.Tasks:N0} tasks over {o.Days} simulated days in {run.End.TotalMinutes:0.0} min: {run.ExpectedTransient:N0} fail once (exit 75) and are retried, {o.FailPermanent} fail for good; concurrency {o.Concurrency}, a checkpoint every {o.CheckpointEvery.TotalSeconds:0.###} s, the monitor on with one feed client ({run.FeedUpdates:N0} updates, {run.FeedResyncs} resyncs{(run.FeedProblem is { } p ? $"; {p}" : ", read to the feed's end")}). Executor exit {run.ExitCode}, run {run.Report.State}."));
        text.AppendLine();
        text.AppendLine("| figure | value | aim | within |");
        text.AppendLine("| --- | ---: | --- | --- |");
        Row(text, "memory after warm-up (median RSS, 2nd tenth)", Invariant($"{f.WarmRssBytes / MiB:0} MiB ({f.WarmRssBytes / f.BudgetBytes:0%} of the {f.BudgetBytes / MiB:0} MiB budget)"), "≤ budget (256 MiB + 1 MiB × √n)", f.WarmRssBytes <= f.BudgetBytes);
        Row(text, "memory at the end (median RSS, last tenth)", Invariant($"{f.EndRssBytes / MiB:0} MiB; peak {f.PeakRssBytes / MiB:0} MiB"), "≤ budget", f.PeakRssBytes <= f.BudgetBytes);
        Row(text, "memory growth, warm-up → end", Invariant($"{f.MemoryGrowth:+0.0%;-0.0%}"), "< 5 %", f.MemoryWithinAim);
        Row(text, "transient recovery rate", Invariant($"{f.RecoveryRate:0.0000} ({f.Recovered:N0} of {f.TransientFailures:N0})"), "≥ 0.999", f.RecoveryWithinAim);
        Row(text, "autonomy score", Invariant($"{f.AutonomyScore:0.0000} ({f.OperatorActions} operator actions)"), "1 − operator actions ÷ finished tasks", f.OperatorActions == 0);
        Row(text, "throughput, last tenth ÷ first tenth", Invariant($"{f.ThroughputRatio:0.000} ({f.LastTenthPerSecond:0} vs {f.FirstTenthPerSecond:0} tasks/s)"), "≥ 0.95 (at most 5 % slower)", f.ThroughputWithinAim);
        Row(text, "lost / unexpected failures", Invariant($"{f.Lost} / {f.UnexpectedFailures}"), "0 / 0", f.Lost == 0 && f.UnexpectedFailures == 0);
        Row(text, "checkpoint files (both folders), most at a day's end", Invariant($"{f.MaxCheckpointFiles}"), Invariant($"≤ 2 × (--checkpoint-retain {SoakFigures.CheckpointRetain} + 1 being written) = {SoakFigures.CheckpointFileBound}"), f.CheckpointsBounded);
        Row(text, "monitoring sample lines, most at a day's end", Invariant($"{f.MaxSampleLines:N0}"), Invariant($"≤ {f.SampleLineBound:N0}"), f.SamplesBounded);
        if (run.Options.Maintenance)
            Row(text, "maintenance, every day", f.MaintenanceAlwaysSucceeded ? "exit 0" : "failed or missing", "exit 0 each day", f.MaintenanceAlwaysSucceeded);
        else
            text.AppendLine("| maintenance | off (`--maintenance off`) | — | — |");
        text.AppendLine();
        text.AppendLine(Invariant($"Load at the start: {run.LoadAtStart}. At the end: {run.LoadAtEnd}."));
        text.AppendLine();
        text.AppendLine("Disk at each day's end, before → after that day's `maintenance` (MB; journals include their mirror, logs the tasks' logs, checkpoints both folders):");
        text.AppendLine();
        text.AppendLine("| day | finished | retain | journals | journal B/task | logs | checkpoints (files) | monitoring (sample lines) | archives | live total | maintenance |");
        text.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var d in run.Days)
        {
            text.AppendLine(Invariant(
                $"| {d.Day} | {d.Finished:N0} | {d.Retain.TotalSeconds:0} s | {Mb(d.Before.Journals)} | {d.After.Journals / (double)Math.Max(1, d.Finished):0} | {Mb(d.Before.Logs)} → {Mb(d.After.Logs)} | {Mb(d.Before.Checkpoints)} ({d.Before.CheckpointFiles}) → {Mb(d.After.Checkpoints)} ({d.After.CheckpointFiles}) | {Mb(d.Before.Monitoring)} ({d.Before.SampleLines:N0}) → {Mb(d.After.Monitoring)} | {Mb(d.After.Archives)} | {Mb(d.Before.Live)} → {Mb(d.After.Live)} | {(run.Options.Maintenance ? $"exit {d.MaintenanceExit}, {d.MaintenanceTook.TotalSeconds:0.0} s" : "off")} |"));
        }
        return text.ToString();
    }

    public static string Json(SoakRecording run, SoakFigures figures) =>
        JsonSerializer.Serialize(new
        {
            options = new { run.Options.Tasks, run.Options.Days, run.Options.FailTransient, run.Options.FailPermanent, CheckpointEverySeconds = run.Options.CheckpointEvery.TotalSeconds, run.Options.Concurrency },
            run.ExitCode,
            WallSeconds = run.End.TotalSeconds,
            run.LoadAtStart,
            run.LoadAtEnd,
            figures,
            within = new
            {
                memory_growth = figures.MemoryWithinAim, recovery = figures.RecoveryWithinAim, throughput = figures.ThroughputWithinAim,
                checkpoints = figures.CheckpointsBounded, samples = figures.SamplesBounded,
            },
            feed = new { Updates = run.FeedUpdates, Resyncs = run.FeedResyncs, Problem = run.FeedProblem },
            report = run.Report,
            days = run.Days.Select(d => new { d.Day, d.Finished, AtSeconds = d.At.TotalSeconds, RetainSeconds = d.Retain.TotalSeconds, d.Before, d.After, d.MaintenanceExit, d.MaintenanceSaid }),
        }, JsonOptions);

    private static void Row(StringBuilder text, string figure, string value, string aim, bool within) =>
        text.AppendLine($"| {figure} | {value} | {aim} | {(within ? "yes" : "**no**")} |");

    private static string Mb(long bytes) => (bytes / 1e6).ToString("0.0", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
