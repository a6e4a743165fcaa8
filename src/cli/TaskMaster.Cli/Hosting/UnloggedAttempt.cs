using TaskMaster.Core.Display;
using TaskMaster.Core.Scheduling;
using TaskMaster.LocalHome;
using TaskMaster.Monitor.Runs;
using TaskStatus = TaskMaster.Core.State.TaskStatus;

namespace TaskMaster.Cli.Hosting;

/// <summary>
/// What the journal says of an attempt the task log does not hold: an attempt that succeeds without
/// writing anything leaves nothing in the log (the journal records it whole), and one that has not
/// written yet is not in it either.
/// </summary>
internal static class UnloggedAttempt
{
    /// <param name="attempt">The attempt asked for; null for the task's latest.</param>
    /// <returns>What to tell a person; null when the journal knows of no such attempt (it has not run).</returns>
    public static string? Describe(HomeLayout home, string runId, string taskId, int? attempt)
    {
        var (fold, _) = JournalFold.Open(home, runId);
        if (fold is null) return null;
        fold.CatchUp();
        if (!fold.State.Graph.TryGetIndex(taskId, out var index)) return null;
        var task = fold.State.Tasks[index];
        var number = attempt ?? task.Attempt;
        if (number < 1 || number > task.Attempt) return null;
        var outcome = number < task.Attempt ? "a later attempt followed it"
            : task.Status switch
            {
                TaskStatus.Succeeded => $"it succeeded in {HumanDuration.Format(task.Duration ?? TimeSpan.Zero)}",
                TaskStatus.Running => "it is still running",
                var status => $"the task is {status.ToString().ToLowerInvariant()}",
            };
        return $"attempt {number} of '{taskId}' wrote no output ({outcome}): an attempt that succeeds without a word leaves no task log, the journal records it";
    }
}
