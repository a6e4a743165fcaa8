using TaskMaster.Core.State;

namespace TaskMaster.Core.Scheduling;

/// <summary>How a run ended, in counts.</summary>
public sealed record RunSummary(
    string RunId,
    RunStatus Status,
    int Total,
    int Succeeded,
    int Failed,
    int Blocked,
    int Skipped,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    string? Reason)
{
    /// <summary>Tasks that did not reach a final state (the run was interrupted).</summary>
    public int Unfinished => Total - Succeeded - Failed - Blocked - Skipped;

    public TimeSpan Duration => EndedAt - StartedAt;

    public static RunSummary From(RunState state, DateTimeOffset now) => new(
        state.RunId ?? "",
        state.Status,
        state.Tasks.Count,
        state.Count(State.TaskStatus.Succeeded),
        state.Count(State.TaskStatus.Failed),
        state.Count(State.TaskStatus.Blocked),
        state.Count(State.TaskStatus.Skipped),
        state.StartedAt ?? now,
        state.EndedAt ?? now,
        state.StatusReason);
}
