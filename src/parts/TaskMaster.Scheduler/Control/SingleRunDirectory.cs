using TaskMaster.Core.Events;
using TaskMaster.Core.Runs;
using TaskMaster.Core.ReadModel;

namespace TaskMaster.Scheduler.Control;

/// <summary>
/// The embedded executor's one run behind the scheduler API: its id (or an empty one) names it,
/// any other is unknown, it takes no submissions, and it is watched from its journal.
/// </summary>
public sealed class SingleRunDirectory(IRunControl control, IRunEventStream? events = null) : IRunDirectory
{
    public IRunControl? Find(string runId) => runId.Length == 0 || runId == control.RunId ? control : null;

    public async Task<IReadOnlyList<RunListing>> ListAsync(CancellationToken cancellationToken)
    {
        var report = await control.GetStatusAsync(new StatusQuery(Detailed: false, IncludeResources: false), cancellationToken).ConfigureAwait(false);
        return [new RunListing(new RunEntry(control.RunId, report.Queue.Name, report.StartedAt ?? DateTimeOffset.MinValue), report.State)];
    }

    public Task<RunAccepted> SubmitAsync(RunSubmission submission, CancellationToken cancellationToken) =>
        throw new RunControlException("this executor runs one run; submit runs to a scheduler service (task-master --server URL execute)");

    // Its one run is live as long as this executor serves it: a stopped one is resumed on its home.
    public Task<RunResumption?> ResumeAsync(string runId, CancellationToken cancellationToken) =>
        Find(runId) is null
            ? Task.FromResult<RunResumption?>(null)
            : throw new RunControlException($"run {control.RunId} is this executor's own and live while it serves; once it is stopped, " +
                                            "resume it on its machine with task-master resume");

    public IAsyncEnumerable<RunEvent> WatchAsync(string runId, long afterSequence, bool follow, CancellationToken cancellationToken) =>
        events is null
            ? throw new RunControlException("this executor keeps no event stream to watch; follow it with task-master status or its dashboard")
            : events.WatchAsync(control.RunId, afterSequence, follow, cancellationToken);
}
