using TaskMaster.Checkpoint.Resume;
using TaskMaster.Core.Display;
using TaskMaster.Core.Events;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.State;

namespace TaskMaster.Cli.Commands;

/// <summary>What a retry will run again, chosen in the state a resume found, or why it is refused.</summary>
internal static class RetryPreview
{
    /// <summary>
    /// Folds what runs again into <paramref name="preview"/> and returns the line that says so; or
    /// prints why the retry is refused and returns null.
    /// </summary>
    public static string? Apply(ResumePlan plan, RunState preview, RetryRequest retry)
    {
        var choice = RetrySelection.Choose(preview, retry.TaskIds);
        if (!choice.IsValid)
        {
            Console.Error.WriteLine($"task-master: cannot retry run {plan.Checkpoint.RunId}; nothing was run.");
            foreach (var problem in choice.Problems) Console.Error.WriteLine($"  {problem}");
            return null;
        }
        var attempts = choice.TaskIds.Select(id => $"{id} (attempt {preview.Task(id).Attempt + 1})").ToList();
        preview.Apply(new TasksRetried(DateTimeOffset.UtcNow, choice.TaskIds, retry.By, retry.Reason));
        return $"Retrying run {plan.Checkpoint.RunId} of queue '{plan.Queue.Name}': {Counted.Of(choice.TaskIds.Count, "task")} run again: " +
               $"{string.Join(", ", attempts.Take(10))}{(attempts.Count > 10 ? $" and {attempts.Count - 10} more" : "")}";
    }
}
