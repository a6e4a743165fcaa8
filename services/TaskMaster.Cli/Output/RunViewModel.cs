using TaskMaster.Core.Events;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.State;
using TaskStatus = TaskMaster.Core.State.TaskStatus;

namespace TaskMaster.Cli.Output;

/// <summary>
/// What the terminal shows, kept up to date from events on the scheduler's loop and read as a
/// snapshot from the render loop. Cheap per event; the ETA is recomputed at most once a second.
/// </summary>
internal sealed class RunViewModel(int concurrency, TimeProvider time) : IRunObserver
{
    private static readonly TimeSpan EtaRefresh = TimeSpan.FromSeconds(1);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, RunningTaskView> _running = new(StringComparer.Ordinal);
    private Counts _counts = new(0, 0, 0, 0, 0, 0, RunStatus.NotStarted, null);
    private TimeSpan? _eta;
    private DateTimeOffset _etaComputedAt = DateTimeOffset.MinValue;

    public void OnEvent(RunEvent e, RunState state)
    {
        lock (_gate)
        {
            switch (e)
            {
                case TaskStarted s:
                    var task = state.Queue.Tasks[state.Task(s.TaskId).Index];
                    _running[s.TaskId] = new RunningTaskView(s.TaskId, task.Title, s.Attempt, 1 + task.Retries, 0, null, s.At);
                    break;
                case TaskProgressed p when _running.TryGetValue(p.TaskId, out var view):
                    _running[p.TaskId] = view with { Percent = p.Percent, Message = p.Message };
                    break;
                case TaskSucceeded s: _running.Remove(s.TaskId); break;
                case TaskFailed f: _running.Remove(f.TaskId); break;
                case TaskCancelled c: _running.Remove(c.TaskId); break;
                case TaskOverridden o: _running.Remove(o.TaskId); break;
            }
            _counts = new Counts(state.Tasks.Count, state.Count(TaskStatus.Succeeded), state.Count(TaskStatus.Failed),
                state.Count(TaskStatus.Blocked), state.Count(TaskStatus.Skipped), state.Count(TaskStatus.RetryWaiting),
                state.Status, state.StatusReason);
            var now = time.GetUtcNow();
            if (now - _etaComputedAt >= EtaRefresh || e is RunCompleted or RunInterrupted)
            {
                _eta = RunProgress.EstimateRemaining(state, concurrency, now);
                _etaComputedAt = now;
            }
        }
    }

    public RunViewSnapshot Snapshot()
    {
        lock (_gate)
        {
            var c = _counts;
            var finished = c.Succeeded + c.Failed + c.Blocked + c.Skipped;
            var running = _running.Values.OrderBy(r => r.StartedAt).ToList();
            var percent = RunProgress.Percent(c.Total, finished, running.Sum(r => r.Percent));
            return new RunViewSnapshot(c.Status, c.Reason, c.Total, c.Succeeded, c.Failed, c.Blocked, c.Skipped,
                c.RetryWaiting, percent, _eta, running);
        }
    }

    private sealed record Counts(int Total, int Succeeded, int Failed, int Blocked, int Skipped, int RetryWaiting, RunStatus Status, string? Reason);
}

internal sealed record RunningTaskView(string Id, string Title, int Attempt, int MaxAttempts, double Percent, string? Message, DateTimeOffset StartedAt);

internal sealed record RunViewSnapshot(
    RunStatus Status, string? Reason, int Total, int Succeeded, int Failed, int Blocked, int Skipped, int RetryWaiting,
    double Percent, TimeSpan? Eta, IReadOnlyList<RunningTaskView> Running)
{
    public int Finished => Succeeded + Failed + Blocked + Skipped;

    public int Remaining => Total - Finished;
}
