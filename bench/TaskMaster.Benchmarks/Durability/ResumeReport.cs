namespace TaskMaster.Benchmarks.Durability;

/// <summary>Benchmark 3: resume after kill -9, as the CLI does it, and where its time goes.</summary>
internal static class ResumeReport
{
    public static void Print(CrashedHome crashed, IReadOnlyList<ResumeTiming> timings, IReadOnlyList<ResumeSteps> steps)
    {
        var first = steps[0];
        Console.WriteLine();
        Console.WriteLine("### 3. Resume after kill -9 (real CLI)");
        Console.WriteLine();
        Console.WriteLine($"`task-master execute` was killed (SIGKILL) after {crashed.SucceededBeforeKill:N0} tasks had succeeded ({crashed.RanFor.TotalSeconds:0.0} s in). " +
                          $"The newest checkpoint ({first.CheckpointBytes / 1e6:0.0} MB) is the one taken at the start; the journal ({first.JournalBytes / 1e6:0.0} MB) " +
                          $"has {first.ReplayedEvents:N0} events after it to replay.");
        Console.WriteLine();
        Console.WriteLine("| from starting `task-master resume --home H --plain` to | median | min | max | every run |");
        Console.WriteLine("| --- | ---: | ---: | ---: | --- |");
        Row("its \"Resuming run\" line (planned and checked)", timings.Select(t => t.Planned.TotalSeconds).ToList());
        Row("its first `started` line (first dispatch)", timings.Select(t => t.FirstDispatch.TotalSeconds).ToList());
        Console.WriteLine();
        Console.WriteLine("Where it goes, measured step by step in the benchmark's process on a copy of the same home (median ms; the CLI runs each step cold, JIT included):");
        Console.WriteLine();
        Console.WriteLine("| step | ms |");
        Console.WriteLine("| --- | ---: |");
        Step("parse the queue file (Markdig, validation, DAG): only without a cache entry", steps, s => s.ParseQueue);
        Step("read the queue from the home's cache (verify, decode)", steps, s => s.CachedQueue);
        Step("load the newest checkpoint (read, layout scan, SHA-256, deserialize)", steps, s => s.LoadCheckpoint);
        Step("read the journal after the checkpoint (every record checked, the tail decoded)", steps, s => s.ReadJournal);
        Step("ResumePlanner.PlanAsync (cached queue on the other core, checkpoint, journal)", steps, s => s.Plan);
        Step("ResumePlan.BuildState (restore + replay): the CLI does this twice, the second on the other core", steps, s => s.BuildState);
        Step("ResumePlan.RestoreStateFiles (no task saved a state file here)", steps, s => s.RestoreStateFiles);
        Step("ResumePlan.OpenJournal (from the plan's read, not read again)", steps, s => s.OpenJournal);
    }

    private static void Row(string what, List<double> seconds) =>
        Console.WriteLine($"| {what} | {Stats.Median(seconds):0.00} s | {seconds.Min():0.00} s | {seconds.Max():0.00} s | {string.Join(", ", seconds.Select(s => s.ToString("0.00")))} |");

    private static void Step(string what, IReadOnlyList<ResumeSteps> steps, Func<ResumeSteps, TimeSpan> time) =>
        Console.WriteLine($"| {what} | {Stats.Median(steps.Select(s => time(s).TotalMilliseconds).ToList()):N0} |");
}
