using System.CommandLine;
using TaskMaster.Checkpoint;
using TaskMaster.Checkpoint.Journal;
using TaskMaster.Checkpoint.Resume;
using TaskMaster.Cli.Hosting;
using TaskMaster.Cli.Output;
using TaskMaster.Core.Display;
using TaskMaster.Core.Events;
using TaskMaster.Core.Queue;
using TaskMaster.Core.Scheduling;

namespace TaskMaster.Cli.Commands;

/// <summary><c>task-master execute</c>: validates a queue, then runs it to the end.</summary>
internal static class ExecuteCommand
{
    public static Command Create()
    {
        var queue = CommonOptions.Queue();
        var run = new RunOptions();
        var resumeOnFailure = new Option<bool>("--resume-on-failure")
        {
            Description = "When the home holds an unfinished run of this same queue (after a crash or kill), continue it " +
                          "from its newest valid checkpoint and journal instead of starting over.",
        };
        var command = new Command("execute",
            "Validate a queue, then run it: each task starts as soon as its dependencies have succeeded and a slot and " +
            "its resources are free. Every event is journaled and checkpoints are taken as it goes, so a crash loses nothing. " +
            "Exit code 0 when every task succeeded, 1 when some failed or were blocked, 2 for an invalid queue or command line or a busy home, " +
            "3 when the executor itself failed, 5 when stopped by an operator (task-master stop), 130/143 when stopped by SIGINT/SIGTERM.")
        {
            queue, resumeOnFailure,
        };
        run.AddTo(command);
        command.SetAction((result, cancellationToken) =>
            RunAsync(run.Read(result, result.GetRequiredValue(queue)), result.GetValue(resumeOnFailure), cancellationToken));
        return command;
    }

    internal static async Task<int> RunAsync(ExecuteSettings settings, bool resumeOnFailure, CancellationToken cancellationToken)
    {
        var display = ValidateCommand.DisplayName(settings.Queue!);
        var parsed = QueueParser.ParseFile(settings.Queue!.FullName, display);
        if (!parsed.IsValid)
        {
            QueueErrorPrinter.Print(Console.Error, parsed.Errors, display);
            return ExitCodes.InvalidInput;
        }
        var queue = parsed.Queue!;
        var layout = settings.Home;
        var unfinished = UnfinishedRun.Find(layout, queue);

        if (resumeOnFailure && unfinished is not null)
            return await ResumeCommand.ResumeAsync(settings, checkpointFile: null, queueFile: settings.Queue.FullName,
                headline: $"Resuming unfinished run {unfinished} of queue '{queue.Name}' (--resume-on-failure)", cancellationToken).ConfigureAwait(false);

        var options = settings.SchedulerOptions(queue, NewRunId(), resumedFrom: null);
        if (CheckOptions(options, queue, display) is { } invalid) return invalid;
        using var homeLock = HomeLock.TryAcquire(layout, out var refusal);
        if (homeLock is null)
        {
            Console.Error.WriteLine($"task-master: {refusal}. Wait for it to finish, stop it, or use another --home.");
            return ExitCodes.InvalidInput;
        }
        void Header(TextWriter output)
        {
            output.WriteLine($"TaskMaster run {options.RunId}: queue '{queue.Name}' ({Counted.Of(queue.Tasks.Count, "task")}), " +
                             $"concurrency {options.Concurrency}{(options.Autonomous ? ", autonomous" : "")}; home {layout.Home}");
            if (unfinished is not null)
                output.WriteLine($"Note: run {unfinished} of this queue did not finish; starting a new run. " +
                                 "To continue it instead: task-master resume (or execute --resume-on-failure).");
        }
        return await EmbeddedRun.RunAsync(new RunRequest(queue, settings, options, null, Header), homeLock, cancellationToken).ConfigureAwait(false);
    }

    internal static int? CheckOptions(SchedulerOptions options, QueueDefinition queue, string display)
    {
        var problems = options.Validate().Concat(RunScheduler.ResourceProblems(queue, options)).ToList();
        if (problems.Count == 0) return null;
        foreach (var problem in problems) Console.Error.WriteLine($"{display}: {problem}");
        return ExitCodes.InvalidInput;
    }

    private static string NewRunId() =>
        $"run-{TimeProvider.System.GetUtcNow():yyyyMMdd-HHmmss}-{Random.Shared.Next(0x10000):x4}";
}

/// <summary>Finds the home's newest run when it is a run of the given queue that did not finish.</summary>
internal static class UnfinishedRun
{
    public static string? Find(HomeLayout home, QueueDefinition queue)
    {
        if (!File.Exists(home.CurrentRunFile)) return null;
        var runId = File.ReadAllText(home.CurrentRunFile).Trim();
        var journal = home.JournalPath(runId);
        if (!File.Exists(journal)) return null;
        var read = JournalReader.Read(journal);
        if (read.Events.Count == 0 || read.Events[0] is not RunStarted started) return null;
        if (started.QueueHash != queue.ContentHash) return null;
        return RunOutcome.Completed(read.Events) ? null : runId;
    }
}
