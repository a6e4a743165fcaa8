using System.Globalization;
using System.Text;
using TaskMaster.Chaos.Tests.Checking;

namespace TaskMaster.Chaos.Tests.Campaign;

/// <summary>What a campaign is asked to do: how many schedules from which seed (schedule i has seed + i), of which faults, over how long each.</summary>
public sealed record CampaignOptions(int Schedules, int Seed, IReadOnlyList<FaultKind> Kinds, TimeSpan Window, TimeSpan LivenessBound);

/// <summary>A campaign: its schedules one after another on one stack, checked one by one, and the checker's table.</summary>
public static class ChaosCampaign
{
    public static async Task<IReadOnlyList<ScheduleRun.Outcome>> RunAsync(
        ChaosStack stack, CampaignOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var kinds = options.Kinds.ToList();
        var injector = new FaultInjector(stack, TimeProvider.System);
        foreach (var kind in options.Kinds.Where(k => injector.CannotInject(k) is not null).ToList())
        {
            output.WriteLine($"{kind.Name}: NOT INJECTED: {injector.CannotInject(kind)}");
            kinds.Remove(kind);
        }
        if (kinds.Count == 0) throw new InvalidOperationException("none of the fault kinds asked for can be injected here (see above)");
        var outcomes = new List<ScheduleRun.Outcome>();
        var run = new ScheduleRun(stack, TimeProvider.System);
        try
        {
            for (var i = 0; i < options.Schedules; i++)
            {
                var seed = options.Seed + i;
                var outcome = await run.RunAsync(seed, kinds, options.Window, options.LivenessBound, cancellationToken);
                outcomes.Add(outcome);
                output.WriteLine(Describe(outcome));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && outcomes.Count > 0)
        {
            // Stopped (Ctrl-C, SIGTERM): the schedules that finished are checked already; their table is not lost.
            output.WriteLine();
            output.WriteLine($"stopped during schedule {outcomes.Count + 1} of {options.Schedules}: the table of the {outcomes.Count} that finished");
            Summarize(outcomes, options, kinds, output);
            throw;
        }
        Summarize(outcomes, options, kinds, output);
        return outcomes;
    }

    private static void Summarize(List<ScheduleRun.Outcome> outcomes, CampaignOptions options, List<FaultKind> kinds, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine(CheckTable.Format([.. outcomes.Select(o => (o.Seed, o.Result))]));
        output.WriteLine("faults injected: " + string.Join(", ", outcomes.SelectMany(o => o.Faults).GroupBy(f => f.Kind).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}")));
        var failed = outcomes.Where(o => !o.Result.Passed).Select(o => o.Seed.ToString(CultureInfo.InvariantCulture)).ToList();
        output.WriteLine(failed.Count == 0
            ? $"every check holds over {outcomes.Count} schedules (seeds {options.Seed}..{options.Seed + outcomes.Count - 1})"
            : $"FAILED: seeds {string.Join(", ", failed)}; replay one with --seed SEED --schedules 1 --kinds {(kinds.Count == FaultKind.All.Count ? "all" : string.Join(',', kinds.Select(k => k.Name)))} --minutes {options.Window.TotalMinutes:0.##}");
    }

    /// <summary>One schedule's line: its seed, run, faults and, when a check failed, its evidence.</summary>
    public static string Describe(ScheduleRun.Outcome outcome)
    {
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"seed {outcome.Seed}: run {outcome.RunId}, {outcome.Result.Attempts} attempts, faults: ")
            .AppendJoin(", ", outcome.Faults.Select(f => $"{f.Kind} {f.Target} {(f.HealedAt - f.InjectedAt).TotalSeconds:0.0}s"))
            .Append("; journal written under fencing tokens ").AppendJoin("→", outcome.Terms)
            .Append(outcome.FencedWrites > 0 ? $"; stale writes the fence refused: {outcome.FencedWrites}" : "")
            .Append(outcome.Result.Passed ? " — ok" : " — FAILED");
        foreach (var line in outcome.Result.Evidence.Take(20)) text.AppendLine().Append("  ").Append(line);
        if (!outcome.Result.Passed) text.AppendLine().Append("  queue and attempts.log: ").Append(outcome.QueueFolder);
        return text.ToString();
    }
}
