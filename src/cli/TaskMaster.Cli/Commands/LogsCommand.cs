using System.CommandLine;
using TaskMaster.Checkpoint.Journal;
using TaskMaster.Cli.Hosting;
using TaskMaster.Cli.Output;
using TaskMaster.Cli.Parsing;
using TaskMaster.Core.Events;
using TaskMaster.Core.Queue;
using TaskMaster.Core.Scheduling;
using TaskMaster.LocalHome;
using TaskMaster.Monitor.Runs;

namespace TaskMaster.Cli.Commands;

/// <summary><c>task-master logs TASK</c>: a task's log, every attempt or one, printed or followed.</summary>
internal static class LogsCommand
{
    public static Command Create()
    {
        var task = CliOptions.IdArgument("TASK", "The id of the task whose log to print.", "a task id");
        var run = CommonOptions.Run("The run (an id from `task-master runs`). Default: the home's latest run.");
        var attempt = CliOptions.WholeNumber("--attempt",
            "Print only this attempt (1 for the first), from its header to its footer. Default: every attempt.", 1, int.MaxValue);
        var follow = new Option<bool>("--follow", "-f")
        {
            Description = "Keep printing as the task writes, until the attempt (with --attempt) or the task ends, then exit. " +
                          "Waits for a task that has not started yet.",
        };
        var home = CommonOptions.Home();
        var command = new Command("logs",
            "Print a task's log: its stdout, its stderr (lines marked [stderr]) and a header and footer for each attempt, as the " +
            "executor wrote them under runs/<id>/tasks/. Exit code 0 when printed, 1 when the home has no such run, the run no such " +
            "task or the task no such attempt (the nearest id is named), 2 for bad arguments.")
        {
            task, run, attempt, follow, home,
        };
        command.SetAction((result, cancellationToken) => ServerOptions.Read(result) is not null
            ? NotOverServer()
            : PrintAsync(
            HomeLayout.Resolve(result.GetValue(home)), result.GetValue(run), result.GetRequiredValue(task),
            result.GetValue(attempt), result.GetValue(follow), cancellationToken));
        return command;
    }

    // A cluster's task logs are the workers' streamed lines, which the scheduler API does not serve.
    private static Task<int> NotOverServer()
    {
        Console.Error.WriteLine("task-master: logs reads this machine's home and does not run over --server yet " +
                                "(the scheduler API serves no task logs)");
        return Task.FromResult(ExitCodes.InvalidInput);
    }

    private static async Task<int> PrintAsync(HomeLayout home, string? runId, string taskId, int? attempt, bool follow, CancellationToken cancellationToken)
    {
        if (HomeRuns.Find(home, runId, out var problem) is not { } run)
        {
            Console.Error.WriteLine($"task-master: {problem}");
            return ExitCodes.TasksFailed;
        }
        var log = home.TaskLogPath(run, taskId);
        if (!File.Exists(log) && UnknownTask(home, run, taskId) is { } unknown)
        {
            Console.Error.WriteLine($"task-master: {unknown}");
            return ExitCodes.TasksFailed;
        }
        var printer = new TaskLogPrinter(Console.Out, log, taskId, attempt, () => UnloggedAttempt.Describe(home, run, taskId, attempt));
        var outcome = follow
            ? await printer.FollowAsync(new FollowedTask(home, run, taskId).IsOver, TimeProvider.System, cancellationToken).ConfigureAwait(false)
            : printer.PrintAll();
        if (outcome.Message is { } message) Console.Error.WriteLine($"task-master: run {run}: {message}");
        return outcome.ExitCode;
    }

    /// <summary>Why a task without a log is not one of the run's tasks, naming the nearest id; null when it is one (it has not started).</summary>
    private static string? UnknownTask(HomeLayout home, string runId, string taskId)
    {
        var events = JournalReader.Read(home.JournalPath(runId), throughSequence: 1).Events;
        var queue = events.Count > 0 && events[0] is RunStarted started ? RunQueue.Load(home, runId, started).Queue : null;
        // Without the run's queue, the tasks that have a log are the ones known to have run.
        var logs = Path.GetDirectoryName(home.TaskLogPath(runId, taskId))!;
        var ids = queue?.Tasks.Select(t => t.Id).ToList()
            ?? (Directory.Exists(logs) ? Directory.EnumerateFiles(logs, "*.log").Select(f => Path.GetFileNameWithoutExtension(f)!).ToList() : []);
        return ids.Contains(taskId, StringComparer.Ordinal) ? null : $"run {runId} has no task '{taskId}'{NearestId.Hint(taskId, ids)}";
    }
}
