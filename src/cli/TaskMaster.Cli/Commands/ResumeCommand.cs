using System.CommandLine;
using TaskMaster.Cli.Parsing;
using Microsoft.Extensions.Logging.Abstractions;
using TaskMaster.Checkpoint;
using TaskMaster.Checkpoint.Resume;
using TaskMaster.Cli.Hosting;
using TaskMaster.Cli.Output;
using TaskMaster.Core.Display;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.State;
using TaskStatus = TaskMaster.Core.State.TaskStatus;

namespace TaskMaster.Cli.Commands;

/// <summary><c>task-master resume</c>: continues a run from a checkpoint, exactly where it was.</summary>
internal static class ResumeCommand
{
    public static Command Create()
    {
        var from = CliOptions.InputFile("--from-checkpoint",
            "Resume exactly the state of this checkpoint (journal events after it are set aside: a rollback). " +
            "Default: the newest valid checkpoint of the home's newest run, plus the journal after it.", "a checkpoint file");
        var validate = new Option<bool>("--validate")
        {
            Description = "Print every check made (schema, format version, checksum, queue hash, journal continuity) and what will run again.",
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check and print the resume preview; run nothing." };
        var queue = CommonOptions.MovedQueue();
        var runId = CommonOptions.Run(
            "Resume this run of the home (its id, the folder name under runs/) instead of the current one: " +
            "any unfinished run can be resumed, also one a newer run has since replaced as the home's current run.");
        var discard = new Option<bool>("--discard-damaged-journal")
        {
            Description = "When the journal holds a damaged record that valid ones follow and its mirror cannot repair it, accept " +
                          "losing what follows: print which finished tasks will run again, keep the journal as it was in " +
                          "journal.jsonl.cut-<event>, and resume from the last good event. Without it such a resume is refused (exit code 6).",
        };
        var run = new RunOptions();
        var command = new Command("resume",
            "Continue a run from a checkpoint: finished tasks are not run again, tasks that were running run again with " +
            "their saved state, attempts, retry timers and the error history go on. A corrupted, truncated, tampered or " +
            "foreign checkpoint is refused with the reason; nothing ever restarts from scratch silently. A journal record " +
            "damaged in the middle is repaired from the journal's mirror, or refused. " +
            "Exit code 4 when there is nothing valid to resume, 6 when the journal is damaged and --discard-damaged-journal was not given " +
            "(otherwise the run's own exit codes, as for execute).")
        {
            from, validate, dryRun, queue, runId, discard,
        };
        run.AddTo(command);
        command.SetAction((result, cancellationToken) =>
        {
            if (ServerOptions.Read(result) is { } server)
                return ClusterResume.ResumeAsync(server, result, result.GetValue(runId), [from, validate, dryRun, queue, discard], cancellationToken);
            var settings = run.Read(result, result.GetValue(queue));
            // A named run must be one of the home's (the nearest id suggested), as for every command that takes --run.
            if (result.GetValue(runId) is { } named && HomeRuns.Find(settings.Home, named, out var problem) is null)
            {
                Console.Error.WriteLine($"task-master: {problem}");
                return Task.FromResult(ExitCodes.InvalidInput);
            }
            return ResumeAsync(settings,
                new ResumeRequest
                {
                    CheckpointFile = result.GetValue(from)?.FullName, QueueFile = result.GetValue(queue)?.FullName,
                    RunId = result.GetValue(runId), DiscardDamagedJournal = result.GetValue(discard),
                },
                headline: null, cancellationToken, result.GetValue(validate), result.GetValue(dryRun));
        });
        return command;
    }

    /// <param name="request">What to resume: the run (null for the home's newest), a checkpoint, a moved queue, a loss accepted.</param>
    /// <param name="retry">The failed and blocked tasks to run again (<c>task-master retry</c>); null for a plain resume.</param>
    internal static async Task<int> ResumeAsync(
        ExecuteSettings settings, ResumeRequest request, string? headline, CancellationToken cancellationToken,
        bool validate = false, bool dryRun = false, RetryRequest? retry = null)
    {
        var layout = settings.Home;
        using var homeLock = HomeLock.TryAcquire(layout, out var refusal);
        if (homeLock is null)
        {
            Console.Error.WriteLine($"task-master: {refusal}. Wait for it to finish, stop it, or use another --home.");
            return ExitCodes.InvalidInput;
        }
        using var store = new FileCheckpointStore(settings.CheckpointStore(layout), TimeProvider.System, NullLogger<FileCheckpointStore>.Instance);
        var planned = await ResumePlanner.PlanAsync(layout, store, request, cancellationToken).ConfigureAwait(false);
        if (planned.Plan is not { } plan)
        {
            if (planned.JournalLoss is { } loss)
            {
                JournalLossPrinter.PrintRefusal(Console.Error, layout, loss);
                return ExitCodes.JournalDamaged;
            }
            Console.Error.WriteLine(planned.QueueChanged is { } changed
                ? $"task-master: {changed.Path} changed since run {changed.RunId} ran it (hash {changed.HashNow} now, {changed.HashOfTheRun} then), " +
                  $"and a run {(retry is null ? "resumes" : "is retried")} only with the queue it ran: nothing was run. Put the file back as it was, " +
                  $"or start a new run of the changed queue with 'task-master execute --queue {changed.Path}'."
                : $"task-master: cannot resume from {layout.Home}: nothing was run.");
            foreach (var problem in planned.Problems) Console.Error.WriteLine($"  {problem}");
            return planned.JournalDamage is null ? ExitCodes.CannotResume : ExitCodes.JournalDamaged;
        }

        // What reading the queue, the checkpoint and the journal left behind goes before the two states are built beside the plan.
        StartupGarbage.Reclaim(plan.Queue.Tasks.Count);
        // The checkpointer's own copy of the state, built on the other core while this one builds the scheduler's.
        var checkpointerState = dryRun ? null : Task.Run(plan.BuildState, CancellationToken.None);
        var preview = plan.BuildState();
        // A retry says what runs again in place of the headline, or is refused before anything runs.
        if (retry is not null && (headline = RetryPreview.Apply(plan, preview, retry)) is null) return ExitCodes.InvalidInput;
        void Header(TextWriter output)
        {
            output.WriteLine(headline ?? $"Resuming run {plan.Checkpoint.RunId} of queue '{plan.Queue.Name}'");
            ResumePreview.Print(output, plan, preview, detailed: validate || dryRun);
        }
        if (dryRun)
        {
            Header(Console.Out);
            Console.WriteLine("Dry run: nothing was run.");
            return ExitCodes.Success;
        }

        var options = settings.SchedulerOptions(plan.Queue, plan.Checkpoint.RunId, resumedFrom: plan.CheckpointPath);
        options.Retry = retry;
        if (settings.Concurrency is null && plan.Queue.Concurrency is null && plan.Checkpoint.ExecutionState.ResourceAllocations.Concurrency > 0)
            options.Concurrency = plan.Checkpoint.ExecutionState.ResourceAllocations.Concurrency;
        if (ExecuteCommand.CheckOptions(options, plan.Queue, plan.Queue.SourcePath) is { } invalid) return invalid;
        // A retry folded what runs again into the preview (not journaled yet): the scheduler starts from the plan's own state.
        var run = new RunRequest(plan.Queue, settings, options, plan, Header) { ResumedState = retry is null ? preview : null, CheckpointerState = checkpointerState };
        return await EmbeddedRun.RunAsync(run, homeLock, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>What a resume found and what it will do, for people.</summary>
internal static class ResumePreview
{
    public static void Print(TextWriter output, ResumePlan plan, RunState state, bool detailed)
    {
        var checkpoint = plan.Checkpoint;
        var journalOnly = checkpoint.Sequence == 0;
        output.WriteLine(journalOnly
            ? "  no checkpoint: the state is the journal's, folded from its start"
            : $"  checkpoint {Relative(plan.CheckpointPath)}: #{checkpoint.Sequence} ({checkpoint.Reason}) taken {ClockTime.Format(checkpoint.Timestamp)}, " +
              $"covers journal event {checkpoint.Journal.Position}");
        foreach (var note in plan.Notes) output.WriteLine($"  note: {note}");
        if (plan.JournalLoss is { } loss) JournalLossPrinter.PrintAccepted(output, loss);
        if (detailed)
        {
            if (!journalOnly) output.WriteLine($"  ✓ format version {checkpoint.FormatVersion}, schema and SHA-256 checksum verified");
            output.WriteLine($"  ✓ queue '{plan.Queue.Name}' at {plan.Queue.SourcePath} unchanged (hash {checkpoint.Queue.Hash[..12]}…)");
            output.WriteLine(plan.FromNamedFile
                ? $"  ✓ journal {Relative(plan.JournalPath)} reaches event {plan.JournalEnd}; {plan.DiscardedEvents} events after the checkpoint set aside (rollback)"
                : $"  ✓ journal {Relative(plan.JournalPath)} continues it: events {checkpoint.Journal.Position + 1}–{plan.ResumePosition} replayed ({plan.ReplayCount})");
        }
        var rerun = state.Tasks.Where(t => t.Status == TaskStatus.Running).Select(t => plan.Queue.Tasks[t.Index].Id).ToList();
        var done = state.Count(TaskStatus.Succeeded) + state.Count(TaskStatus.Skipped);
        var left = state.Tasks.Count - state.FinishedCount;
        output.WriteLine($"  {done} done (not run again), {state.Count(TaskStatus.Failed)} failed, {state.Count(TaskStatus.Blocked)} blocked, {left} to run" +
                         (rerun.Count > 0 ? $"; running when stopped, run again: {string.Join(", ", rerun.Take(10))}{(rerun.Count > 10 ? $" and {rerun.Count - 10} more" : "")}" : ""));
        if (!detailed) return;
        foreach (var task in state.Tasks.Where(t => t.Status == TaskStatus.RetryWaiting).Take(10))
            output.WriteLine($"  retry: {plan.Queue.Tasks[task.Index].Id} attempt {task.Attempt + 1} due {ClockTime.Format(task.NextRetryAt)}");
        output.WriteLine($"  errors so far: {state.TotalFailures}; run started {ClockTime.Format(state.StartedAt)}");
    }

    private static string Relative(string path)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }
}
