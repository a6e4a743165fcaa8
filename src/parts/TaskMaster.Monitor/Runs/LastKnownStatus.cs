using Microsoft.Extensions.Logging.Abstractions;
using TaskMaster.Checkpoint;
using TaskMaster.Checkpoint.Journal;
using TaskMaster.Checkpoint.Resume;
using TaskMaster.Core.ReadModel;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.State;

namespace TaskMaster.Monitor.Runs;

/// <summary>A run no executor runs, as a resume would find it: its state and its status report.</summary>
public sealed record LastKnownRun(RunState State, RunStatusReport Report);

/// <summary>
/// The status of a run no executor runs: the run as a resume would find it (the newest valid
/// checkpoint plus the journal after it), reported through the same mapper as a live run. What
/// <c>status</c> shows when no executor answers, and what <c>runs</c> lists for every run but the live one.
/// </summary>
public static class LastKnownStatus
{
    /// <summary>The home's current run.</summary>
    /// <returns>The report, or why there is none.</returns>
    public static async Task<(RunStatusReport? Report, string? Problem)> LoadAsync(
        HomeLayout home, bool detailed, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(home);
        if (!File.Exists(home.CurrentRunFile))
            return (null, $"no run in {home.Home}: nothing was executed with this home (task-master execute --queue FILE --home {home.Home})");
        var runId = (await File.ReadAllTextAsync(home.CurrentRunFile, cancellationToken).ConfigureAwait(false)).Trim();
        var (run, problem) = await LoadRunAsync(home, runId, detailed, time, cancellationToken).ConfigureAwait(false);
        return (run?.Report, problem is null ? null : $"the state of the last run in {home.Home} cannot be read: {problem}");
    }

    /// <summary>The run <paramref name="runId"/> of the home, read from its own checkpoints and journal only.</summary>
    /// <returns>The run, or why it cannot be read.</returns>
    public static async Task<(LastKnownRun? Run, string? Problem)> LoadRunAsync(
        HomeLayout home, string runId, bool detailed, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(home);
        ArgumentNullException.ThrowIfNull(time);
        using var store = new FileCheckpointStore(CheckpointStoreOptions.For(home), time, NullLogger<FileCheckpointStore>.Instance);
        var planned = await ResumePlanner.PlanAsync(home, store, checkpointFile: null, queueFile: null, runId, cancellationToken).ConfigureAwait(false);
        if (planned.JournalLoss is { } loss)
            return (null, $"the journal of run {runId} is damaged, and its last known state would show less than happened " +
                          $"({(loss.RunAgain.Count == 0 ? "" : $"{loss.DescribeRunAgain(10)} would show as not finished; ")}{loss.Damage.LostRecords} records unread): " +
                          $"{loss.Damage.Describe()}. {JournalDamage.WhatToDo}");
        if (planned.Plan is not { } plan) return (null, string.Join("; ", planned.Problems) + (planned.JournalDamage is null ? "" : $". {JournalDamage.WhatToDo}"));

        var state = plan.BuildState();
        var report = RunStatusMapper.Map(state, live: false, detailed, time.GetUtcNow(), plan.Checkpoint.ExecutionState.ResourceAllocations.Concurrency);
        // The journal may not name the newest checkpoint (the final one is written after the run's last event).
        if (plan.Checkpoint.Sequence > 0 && (state.LastCheckpoint is null || state.LastCheckpoint.CheckpointSequence < plan.Checkpoint.Sequence))
            report = report with { LastCheckpoint = new CheckpointRef(plan.Checkpoint.Timestamp, plan.CheckpointPath) };
        return (new LastKnownRun(state, report), null);
    }
}
