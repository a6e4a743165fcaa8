using TaskMaster.Checkpoint.Resume;
using TaskMaster.Core.Scheduling;
using TaskMaster.LocalHome;

namespace TaskMaster.Cli.Output;

/// <summary>What a damaged journal costs, for people: the refusal to resume past it, or the loss once accepted.</summary>
internal static class JournalLossPrinter
{
    public static void PrintRefusal(TextWriter output, HomeLayout home, JournalLoss loss)
    {
        var damage = loss.Damage;
        output.WriteLine($"task-master: cannot resume run {loss.RunId} from {home.Home}: its journal is damaged in the middle, and nothing was run.");
        output.WriteLine($"  {damage.Describe()}");
        output.WriteLine($"  Resuming past it would lose {Lost(loss)}; {RunAgain(loss, "would run again")}.");
        output.WriteLine($"  To accept that loss: task-master resume --discard-damaged-journal --home {home.Home} " +
                         $"(the journal as it is now is kept in {loss.CutFile}; add --dry-run to see the resume first).");
    }

    public static void PrintAccepted(TextWriter output, JournalLoss loss)
    {
        output.WriteLine($"  journal damaged: {loss.Damage.Describe()}");
        output.WriteLine($"  --discard-damaged-journal: the run goes on from event {loss.Damage.Sequence - 1}, losing {Lost(loss)} " +
                         $"(kept in {loss.CutFile}); {RunAgain(loss, "run again")}");
    }

    private static string Lost(JournalLoss loss)
    {
        var damage = loss.Damage;
        var last = damage.Following.Count > 0 ? damage.Following[^1].Sequence : damage.Sequence;
        return $"{damage.LostRecords} record{(damage.LostRecords == 1 ? "" : "s")} (events {damage.Sequence}–{last}, from line {damage.Line})";
    }

    private static string RunAgain(JournalLoss loss, string verb) =>
        loss.RunAgain.Count == 0 ? $"no finished task {verb}" : $"these finished tasks {verb}: {loss.DescribeRunAgain()}";
}
