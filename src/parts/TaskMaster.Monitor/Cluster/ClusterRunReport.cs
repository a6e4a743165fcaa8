using Microsoft.AspNetCore.Http;
using TaskMaster.Core.Events;
using TaskMaster.Core.Runs;
using TaskMaster.Core.State;
using TaskMaster.LocalHome;
using TaskMaster.Monitor.History;
using TaskMaster.Monitor.Reports;

namespace TaskMaster.Monitor.Cluster;

/// <summary>
/// The report of a run of the cluster, as <c>task-master report</c> builds a home's: its events read
/// again from the run's stream (up to the last one the monitor has folded, so that the report and the
/// history it carries agree), its history as the monitor folded it (with the samples and alerts of its
/// data folder), its failed tasks' logs at the monitor's own address of them.
/// </summary>
public static class ClusterRunReport
{
    public static async Task<(RunReport? Report, string? Problem)> BuildAsync(
        ClusterRun run, HomeLayout home, FoldedHistory history, IRunEventStream stream, HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(context);
        if (run.Queue is not { } queue) return (null, $"run {run.RunId} has not started yet");
        var (upTo, ended) = (run.Sequence, run.Ended);
        var document = history.Read();
        var events = new List<RunEvent>();
        await foreach (var e in stream.ReadAsync(run.RunId, 0, follow: false, cancellationToken).ConfigureAwait(false))
        {
            if (e.Sequence > upTo) break;
            events.Add(e);
        }
        var state = new RunState(queue);
        foreach (var e in events) state.Apply(e);
        var logs = $"{context.Request.PathBase}/api/v1/tasks/";
        var record = new RunRecord(run.RunId, queue, events, state, home);
        return (RunReportBuilder.Build(record, document, live: !ended, run.Time.GetUtcNow(), id => $"{logs}{Uri.EscapeDataString(id)}/log"), null);
    }
}
