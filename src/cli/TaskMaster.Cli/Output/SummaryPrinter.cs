using TaskMaster.Core.Display;
using TaskMaster.Core.Events;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.State;
using TaskStatus = TaskMaster.Core.State.TaskStatus;

namespace TaskMaster.Cli.Output;

/// <summary>The end-of-run summary: counts, duration, and every failed or blocked task with its reason.</summary>
internal static class SummaryPrinter
{
    private const int MaxListed = 20;

    public static void Print(TextWriter output, RunSummary summary, RunState state, HomeLayout home, string logFile, CheckpointTaken? lastCheckpoint = null)
    {
        var outcome = summary.Status switch
        {
            RunStatus.Completed => "completed",
            RunStatus.Failed => "finished with failures",
            RunStatus.Interrupted => $"interrupted ({summary.Reason})",
            _ => summary.Status.ToString().ToLowerInvariant(),
        };
        output.WriteLine();
        output.WriteLine($"Run {summary.RunId} {outcome} in {HumanDuration.Format(summary.Duration)}. " +
                         ProgressText.Of(summary.Total, summary.Succeeded, summary.Failed, summary.Blocked, summary.Skipped) + ".");

        var failed = state.Tasks.Where(t => t.Status == TaskStatus.Failed).ToList();
        if (failed.Count > 0)
        {
            output.WriteLine("Failed:");
            foreach (var task in failed.Take(MaxListed))
            {
                var id = state.Queue.Tasks[task.Index].Id;
                output.WriteLine($"  {id}: attempt {task.Attempt}: {task.LastFailure?.Reason}");
                foreach (var line in task.LastFailure?.StderrTail.TakeLast(3) ?? [])
                    output.WriteLine($"      | {line}");
                output.WriteLine($"      log: {Relative(home.TaskLogPath(summary.RunId, id))}");
            }
            if (failed.Count > MaxListed) output.WriteLine($"  … and {failed.Count - MaxListed} more");
        }
        var blocked = state.Tasks.Where(t => t.Status == TaskStatus.Blocked).ToList();
        if (blocked.Count > 0)
        {
            output.WriteLine("Blocked:");
            foreach (var group in blocked.GroupBy(t => t.BlockedBy).Take(MaxListed))
                output.WriteLine($"  {string.Join(", ", group.Take(MaxListed).Select(t => state.Queue.Tasks[t.Index].Id))}" +
                                 $"{(group.Count() > MaxListed ? $" and {group.Count() - MaxListed} more" : "")} (because {group.Key} failed)");
        }
        if (lastCheckpoint is not null)
            output.WriteLine($"Checkpoint: {Relative(lastCheckpoint.Location)} ({lastCheckpoint.Reason}, covers journal event {lastCheckpoint.JournalPosition})" +
                             (summary.Unfinished > 0 ? "; continue with: task-master resume" + (home.Home == Path.GetFullPath(HomeLayout.DefaultHome) ? "" : $" --home {home.Home}") : ""));
        output.WriteLine($"Log: {Relative(logFile)}   Task logs: {Relative(Path.Combine(home.RunDirectory(summary.RunId), "tasks"))}");
    }

    private static string Relative(string path)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }
}
