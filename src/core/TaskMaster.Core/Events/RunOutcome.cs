namespace TaskMaster.Core.Events;

/// <summary>What a run's journal says of how it ended, read from its events in order.</summary>
public static class RunOutcome
{
    /// <summary>
    /// True when the run's last start or end is its completion: every task reached a final state and nothing
    /// started it again since. What follows the completion (its final checkpoint) does not reopen it.
    /// </summary>
    public static bool Completed(IReadOnlyList<RunEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        for (var i = events.Count - 1; i >= 0; i--)
            if (events[i] is RunStarted or RunCompleted or RunInterrupted) return events[i] is RunCompleted;
        return false;
    }
}
