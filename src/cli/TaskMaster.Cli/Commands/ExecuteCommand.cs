using System.CommandLine;
using TaskMaster.Checkpoint;
using TaskMaster.Checkpoint.Resume;
using TaskMaster.Cli.Hosting;
using TaskMaster.Cli.Output;
using TaskMaster.Core.Display;
using TaskMaster.Core.Queue;
using TaskMaster.Core.Queue.Cache;
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
            Description = "When the home's current run is an unfinished run of this same queue (after a crash or kill), continue it " +
                          "from its newest valid checkpoint and journal instead of starting over. When that run's queue file has changed " +
                          "since it started, refuse (exit code 4, naming both hashes) rather than start the changed queue over.",
        };
        var detach = new Option<bool>("--detach")
        {
            Description = "With --server: print the run's id as soon as the service accepts it, instead of following the run.",
        };
        var command = new Command("execute",
            "Validate a queue, then run it: each task starts as soon as its dependencies have succeeded and a slot and " +
            "its resources are free. Every event is journaled and checkpoints are taken as it goes, so a crash loses nothing. " +
            "Exit code 0 when every task succeeded, 1 when some failed or were blocked, 2 for an invalid queue or command line or a busy home, " +
            "3 when the executor itself failed, 4 when --resume-on-failure cannot resume (as for resume; 6 for a damaged journal), " +
            "5 when stopped by an operator (task-master stop), 130/143 when stopped by SIGINT/SIGTERM.")
        {
            queue, resumeOnFailure, detach,
        };
        run.AddTo(command);
        command.SetAction((result, cancellationToken) =>
            ServerOptions.Read(result) is { } server
                ? SubmitAsync(server, run.Read(result, result.GetRequiredValue(queue)), result.GetValue(detach), cancellationToken)
                : RunAsync(run.Read(result, result.GetRequiredValue(queue)), result.GetValue(resumeOnFailure), cancellationToken));
        return command;
    }

    /// <summary><c>--server</c>: the queue is checked here, then submitted to the scheduler service and followed.</summary>
    private static Task<int> SubmitAsync(ServerTarget server, ExecuteSettings settings, bool detach, CancellationToken cancellationToken)
    {
        var display = ValidateCommand.DisplayName(settings.Queue!);
        var parsed = QueueParser.ParseFile(settings.Queue!.FullName, display);
        if (parsed.IsValid) return ClusterRun.ExecuteAsync(server, settings, parsed.Queue!, detach, cancellationToken);
        QueueErrorPrinter.Print(Console.Error, parsed.Errors, display);
        return Task.FromResult(ExitCodes.InvalidInput);
    }

    internal static async Task<int> RunAsync(ExecuteSettings settings, bool resumeOnFailure, CancellationToken cancellationToken)
    {
        var display = ValidateCommand.DisplayName(settings.Queue!);
        var parsed = new QueueCache(settings.Home.QueueCacheDirectory).ParseFile(settings.Queue!.FullName, display);
        if (!parsed.IsValid)
        {
            QueueErrorPrinter.Print(Console.Error, parsed.Errors, display);
            return ExitCodes.InvalidInput;
        }
        var queue = parsed.Queue!;
        var layout = settings.Home;
        var unfinished = UnfinishedRun.Find(layout);
        var relation = unfinished?.RelationTo(queue);

        if (resumeOnFailure && relation == QueueRelation.Same)
            return await ResumeCommand.ResumeAsync(settings, new ResumeRequest { QueueFile = settings.Queue.FullName, RunId = unfinished!.RunId },
                headline: $"Resuming unfinished run {unfinished.RunId} of queue '{queue.Name}' (--resume-on-failure)", cancellationToken).ConfigureAwait(false);
        // A run goes on only with the queue it started with; running the changed file from its start instead is a choice the person makes.
        if (resumeOnFailure && relation == QueueRelation.Changed)
        {
            unfinished!.PrintChangedQueueRefusal(Console.Error, queue, display, layout);
            return ExitCodes.CannotResume;
        }

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
            // First: the run this one takes the home's current place from, and how to go back to it.
            if (unfinished is not null) output.WriteLine(unfinished.NoteOnNewRun(queue, display));
            output.WriteLine($"TaskMaster run {options.RunId}: queue '{queue.Name}' ({Counted.Of(queue.Tasks.Count, "task")}), " +
                             $"concurrency {options.Concurrency}{(options.Autonomous ? ", autonomous" : "")}; home {layout.Home}");
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
