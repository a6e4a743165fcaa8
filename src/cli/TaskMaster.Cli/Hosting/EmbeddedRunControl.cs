using TaskMaster.Checkpoint;
using TaskMaster.Core.Events;
using TaskMaster.Core.ReadModel;
using TaskMaster.Core.Scheduling;
using TaskMaster.Monitor.History;
using TaskMaster.Scheduler.Control;
using CheckpointTaken = TaskMaster.Scheduler.Control.CheckpointTaken;

namespace TaskMaster.Cli.Hosting;

/// <summary>The control API's view of an embedded run: checkpoints and status from their models, steering from the scheduler.</summary>
internal sealed class EmbeddedRunControl(
    RunScheduler scheduler, Checkpointer checkpointer, RunStatusModel status, ProcessResourceSampler resources) : IRunControl
{
    public required string RunId { get; init; }

    public async Task<CheckpointTaken> TakeCheckpointAsync(bool force, CancellationToken cancellationToken)
    {
        try
        {
            var taken = await checkpointer.RequestAsync(force, cancellationToken).ConfigureAwait(false);
            return new CheckpointTaken(RunId, taken.Location, taken.MirrorLocation, taken.CheckpointSequence, taken.JournalPosition, taken.At);
        }
        catch (InvalidOperationException e)
        {
            throw new RunControlException(e.Message);
        }
        catch (IOException e)
        {
            throw new RunControlException($"the checkpoint could not be written: {e.Message}");
        }
    }

    public Task<RunStatusReport> GetStatusAsync(StatusQuery query, CancellationToken cancellationToken)
    {
        var report = status.Snapshot(query.Detailed) ?? throw new RunControlException("the run is starting; ask again in a moment");
        if (MonitorUrl is not null) report = report with { MonitorUrl = MonitorUrl };
        if (query.IncludeResources) report = report with { Resources = resources.Sample(report.TaskCounts.Total) };
        return Task.FromResult(report);
    }

    /// <summary>The dashboard's address (without its token), when <c>--monitor</c> serves one.</summary>
    public string? MonitorUrl { get; init; }

    public Task<ControlOutcome> PauseAsync(string? reason, CancellationToken cancellationToken) =>
        scheduler.PauseAsync(reason, cancellationToken);

    public Task<ControlOutcome> ContinueAsync(string? reason, CancellationToken cancellationToken) =>
        scheduler.ContinueAsync(reason, cancellationToken);

    public Task<ControlOutcome> StopAsync(bool emergency, string? reason, CancellationToken cancellationToken) =>
        scheduler.StopAsync(emergency, reason, cancellationToken);

    public Task<ControlOutcome> OverrideAsync(string taskId, OverrideAction action, string? reason, CancellationToken cancellationToken) =>
        scheduler.OverrideAsync(taskId, action, reason, cancellationToken);
}
