using System.CommandLine;
using TaskMaster.Checkpoint.Resume;
using TaskMaster.Cli.Hosting;
using TaskMaster.Cli.Parsing;
using TaskMaster.Core.Scheduling;

namespace TaskMaster.Cli.Commands;

/// <summary><c>task-master retry</c>: runs again, in the same run, the failed and blocked tasks of a run that has ended.</summary>
internal static class RetryCommand
{
    public static Command Create()
    {
        var runId = CommonOptions.Run("The run to retry (an id from `task-master runs`). Default: the home's latest run.");
        var tasks = CliOptions.Ids("--task",
            "Retry only this task (repeat for several); each must have failed, been cancelled or be blocked. " +
            "The blocked tasks it alone held back run again too. Default: every failed and blocked task.", "a task id");
        var reason = CommonOptions.Reason();
        var dryRun = new Option<bool>("--dry-run") { Description = "Check and print what would run again; run nothing." };
        var queue = CommonOptions.MovedQueue();
        var run = new RunOptions();
        var command = new Command("retry",
            "Run again the failed and blocked tasks of a run that has ended (or only those named with --task), in the same run, " +
            "as `argo retry` and Airflow's \"clear failed\" do: each gets a new attempt numbered after its last, the journal goes on " +
            "(a TasksRetried event, written before anything runs), and status, runs, report, the dashboard and the metrics show the " +
            "run going on. It is a resume of the run with those tasks reset, and takes the same options as `resume`; a retried run " +
            "that is killed is continued with `task-master resume`. A run that is still running is refused: retry its tasks with " +
            "`task-master override --task ID --action retry`. Exit code 0 when every task then succeeded, 1 when some failed again, " +
            "2 when the retry is refused (a task that did not fail, an unknown task, a busy home) or for bad arguments, " +
            "4 when the run's state cannot be read.")
        {
            runId, tasks, reason, dryRun, queue,
        };
        run.AddTo(command);
        command.SetAction((result, cancellationToken) =>
        {
            var settings = run.Read(result, result.GetValue(queue));
            var request = new RetryRequest(result.GetValue(tasks) ?? [], Environment.UserName,
                string.IsNullOrWhiteSpace(result.GetValue(reason)) ? "retried by an operator" : result.GetValue(reason)!.Trim());
            return RetryAsync(settings, result.GetValue(runId), request, result.GetValue(queue)?.FullName, result.GetValue(dryRun), cancellationToken);
        });
        return command;
    }

    private static async Task<int> RetryAsync(
        ExecuteSettings settings, string? runId, RetryRequest request, string? queueFile, bool dryRun, CancellationToken cancellationToken)
    {
        var home = settings.Home;
        if (HomeRuns.Find(home, runId, out var problem) is not { } run)
        {
            Console.Error.WriteLine($"task-master: {problem}");
            return ExitCodes.InvalidInput;
        }
        if (ExecutorInfo.Runs(home, run))
        {
            Console.Error.WriteLine($"task-master: run {run} is still running (pid {ExecutorInfo.TryRead(home)?.Pid}): retry its tasks in its executor " +
                                    $"with task-master override --task ID --action retry --home {home.Home}");
            return ExitCodes.InvalidInput;
        }
        return await ResumeCommand.ResumeAsync(settings, new ResumeRequest { QueueFile = queueFile, RunId = run }, headline: null, cancellationToken,
            dryRun: dryRun, retry: request).ConfigureAwait(false);
    }
}
