using TaskMaster.Core.Scheduling;
using TaskMaster.Core.State;
using TaskMaster.LocalHome;
using TaskMaster.Monitor.Runs;

namespace TaskMaster.Cli.Hosting;

/// <summary>
/// Whether a task of a run may still write to its log: not once it reached a final state (as the
/// run's journal says), nor once no executor runs the run.
/// </summary>
internal sealed class FollowedTask(HomeLayout home, string runId, string taskId)
{
    private JournalFold? _fold;
    private bool _foldUnavailable;

    public bool IsOver()
    {
        if (!ExecutorInfo.Runs(home, runId)) return true;
        if (_fold is null && !_foldUnavailable)
        {
            (_fold, _) = JournalFold.Open(home, runId);
            _foldUnavailable = _fold is null;
        }
        // Without the run's queue its state cannot be folded: the executor's end is then the only end known.
        if (_fold is null) return false;
        _fold.CatchUp();
        var state = _fold.State;
        return state.Status is RunStatus.Completed or RunStatus.Failed or RunStatus.Interrupted
            || (state.Graph.TryGetIndex(taskId, out var index) && state.Tasks[index].Status.IsFinal());
    }
}
