using TaskMaster.Checkpoint.Journal;
using TaskMaster.Core.Events;
using TaskMaster.Core.Queue;
using TaskMaster.Core.State;
using TaskStatus = TaskMaster.Core.State.TaskStatus;

namespace TaskMaster.Checkpoint.Resume;

/// <summary>A task that had finished (succeeded, failed, blocked or skipped) and would run again.</summary>
public sealed record FinishedTask(string Id, TaskStatus Status);

/// <summary>
/// What resuming past a damaged journal record loses: the damage itself, and the finished tasks that
/// would run again because the records that finished them come after it.
/// </summary>
/// <param name="Damage">Where the journal is damaged and what follows.</param>
/// <param name="RunAgain">Tasks finished in the journal as written (every valid record) but not in the state the resume continues from, in queue order.</param>
/// <param name="CutFile">Where the journal as it was is kept once the loss is accepted.</param>
/// <param name="RunId">The run the journal is of.</param>
public sealed record JournalLoss(JournalDamage Damage, IReadOnlyList<FinishedTask> RunAgain, string CutFile, string RunId)
{
    /// <param name="damage">The damage found.</param>
    /// <param name="resumed">The state the resume would continue from.</param>
    /// <param name="queue">The run's queue.</param>
    /// <param name="before">Every event of the journal before the damage, from its first.</param>
    /// <param name="journalPath">The journal file (the damage may have been found in its mirror).</param>
    public static JournalLoss Assess(JournalDamage damage, RunState resumed, QueueDefinition queue, IEnumerable<RunEvent> before, string journalPath)
    {
        var written = new RunState(queue, resumed.Graph);
        foreach (var e in before) written.Apply(e);
        // The damaged record itself, as its JSON reads, when it names a task of this queue: it is most
        // likely what finished a task, and leaving it out would hide that task.
        if (damage.Unverified is { } unverified && TaskOf(unverified) is { } id && written.Graph.TryGetIndex(id, out _))
            TryApply(written, unverified);
        foreach (var e in damage.Following) TryApply(written, e);

        var runAgain = new List<FinishedTask>();
        for (var i = 0; i < written.Tasks.Count; i++)
            if (written.Tasks[i].Status.IsFinal() && !resumed.Tasks[i].Status.IsFinal())
                runAgain.Add(new FinishedTask(queue.Tasks[i].Id, written.Tasks[i].Status));
        return new JournalLoss(damage, runAgain, $"{journalPath}.cut-{damage.Sequence - 1}", resumed.RunId ?? "");
    }

    /// <summary>Who would run again, for people: <c>b (succeeded), c (failed)</c>.</summary>
    public string DescribeRunAgain(int limit = 50) =>
        string.Join(", ", RunAgain.Take(limit).Select(t => $"{t.Id} ({t.Status.ToString().ToLowerInvariant()})"))
          + (RunAgain.Count > limit ? $" and {RunAgain.Count - limit} more" : "");

    private static string? TaskOf(RunEvent e) => e switch
    {
        TaskStarted s => s.TaskId,
        TaskSucceeded s => s.TaskId,
        TaskFailed f => f.TaskId,
        TaskCancelled c => c.TaskId,
        _ => null,
    };

    // Records after a hole in the journal may not fold as the run folded them (the hole held what
    // they follow on): one that does not fit is left out of this estimate rather than stopping it.
    private static void TryApply(RunState state, RunEvent e)
    {
        try
        {
            state.Apply(e);
        }
        catch (Exception ex) when (ex is KeyNotFoundException or ArgumentException or InvalidOperationException)
        {
        }
    }
}
