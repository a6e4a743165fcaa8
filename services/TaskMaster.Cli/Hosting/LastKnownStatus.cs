using Microsoft.Extensions.Logging.Abstractions;
using TaskMaster.Checkpoint;
using TaskMaster.Checkpoint.Journal;
using TaskMaster.Checkpoint.Resume;
using TaskMaster.Core.Scheduling;
using TaskMaster.Scheduler.Reporting;

namespace TaskMaster.Cli.Hosting;

/// <summary>
/// The status of a home no executor runs on: its current run as a resume would find it (the newest
/// valid checkpoint plus the journal after it), reported through the same mapper as a live run.
/// </summary>
internal static class LastKnownStatus
{
    /// <returns>The report, or why there is none.</returns>
    public static async Task<(RunStatusReport? Report, string? Problem)> LoadAsync(
        HomeLayout home, bool detailed, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!File.Exists(home.CurrentRunFile))
            return (null, $"no run in {home.Home}: nothing was executed with this home (task-master execute --queue FILE --home {home.Home})");
        using var store = new FileCheckpointStore(CheckpointStoreOptions.For(home), time, NullLogger<FileCheckpointStore>.Instance);
        var planned = await ResumePlanner.PlanAsync(home, store, checkpointFile: null, queueFile: null, cancellationToken).ConfigureAwait(false);
        if (planned.JournalLoss is { } loss)
            return (null, $"the journal of run {loss.RunId} is damaged, and its last known state would show less than happened " +
                          $"({(loss.RunAgain.Count == 0 ? "" : $"{loss.DescribeRunAgain(10)} would show as not finished; ")}{loss.Damage.LostRecords} records unread): " +
                          $"{loss.Damage.Describe()}. {JournalDamage.WhatToDo}");
        if (planned.Plan is not { } plan)
            return (null, $"the state of the last run in {home.Home} cannot be read: {string.Join("; ", planned.Problems)}");

        var state = plan.BuildState();
        var report = RunStatusMapper.Map(state, live: false, detailed, time.GetUtcNow(), plan.Checkpoint.ExecutionState.ResourceAllocations.Concurrency);
        // The journal may not name the newest checkpoint (the final one is written after the run's last event).
        if (state.LastCheckpoint is null || state.LastCheckpoint.CheckpointSequence < plan.Checkpoint.Sequence)
            report = report with { LastCheckpoint = new CheckpointRef(plan.Checkpoint.Timestamp, plan.CheckpointPath) };
        return (report, null);
    }
}
