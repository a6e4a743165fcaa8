using Microsoft.Extensions.Logging;
using TaskMaster.Core.Policies;
using TaskMaster.Core.Scheduling;
using TaskMaster.Worker.Tracking;
using TaskMaster.Core.Storage;

namespace TaskMaster.Worker;

/// <summary>
/// One attempt of one task run as a process tree: start, output, timeout, kill, outcome. Reports
/// exactly one completion and never throws.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001",
    Justification = "_cancel and _terminate have no timer to release, and may be cancelled as the attempt ends: they are left to the GC.")]
internal sealed partial class ProcessAttempt(
    TaskLaunch launch, ITaskReporter reporter, ProcessExecutorOptions options, AttemptTracking tracking, Func<string, AttemptSlots> slotsOf,
    TimeProvider time, ILogger logger)
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly CancellationTokenSource _terminate = new();
    private int _kill = (int)AttemptKill.None;
    private string? _fault;
    private TaskProcess? _process;

    public TaskLaunch Launch => launch;

    public async Task RunAsync()
    {
        var started = time.GetTimestamp();
        TaskAttemptResult result;
        try
        {
            result = await RunLoggedAsync(started).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Whatever failed outside the attempt's own record: it still reports its end.
            result = ExecutorFailure(e, started);
        }

        logger.AttemptCompleted(launch.RunId, launch.Task.Id, launch.Attempt, AttemptOutcome.Describe(result));
        try
        {
            reporter.Completed(result);
        }
        catch (Exception e)
        {
            logger.ReporterFailed(e, launch.RunId, launch.Task.Id, launch.Attempt);
        }
    }

    private async Task<TaskAttemptResult> RunLoggedAsync(long started)
    {
        using var log = new TaskLogWriter(options.Home.TaskLogPath(launch.RunId, launch.Task.Id), options.TaskLogMaxBytes, launch.Attempt, time.GetUtcNow());
        var notes = new List<string>();
        TaskAttemptResult result;
        try
        {
            result = await RunProcessAsync(log, started, notes).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Spawning failed, say: the footer still records it.
            result = ExecutorFailure(e, started);
        }

        try
        {
            // A silent success is told whole by the journal; a failure, or what the executor had to do, is told in the log too.
            log.Finish(time.GetUtcNow(), string.Join("; ", [AttemptOutcome.Describe(result), .. notes]), record: !result.Succeeded || notes.Count > 0);
            return result;
        }
        catch (IOException e)
        {
            // The log is part of the attempt's record, so losing it fails the attempt; a failure
            // that was already the executor's (the same full disk, most likely) stands as it is.
            return result.FailureKind == TaskFailureKind.ExecutorError ? result
                : TaskAttemptResult.Failure(launch, TaskFailureKind.ExecutorError, e.Message, result.Duration, stderrTail: result.StderrTail);
        }
    }

    private async Task<TaskAttemptResult> RunProcessAsync(TaskLogWriter log, long started, List<string> notes)
    {
        var task = launch.Task;
        var workingDirectory = Path.GetFullPath(Path.Combine(launch.QueueDirectory, task.WorkingDirectory ?? "."));
        if (!Directory.Exists(workingDirectory))
            return NotStarted(TaskFailureKind.StartFailed, $"working directory '{workingDirectory}' does not exist", started);
        if (Path.IsPathRooted(task.Command.Shell) && !File.Exists(task.Command.Shell))
            return NotStarted(TaskFailureKind.StartFailed, $"shell '{task.Command.Shell}' does not exist", started);
        if (_cancel.IsCancellationRequested || _terminate.IsCancellationRequested)
            return NotStarted(TaskFailureKind.Cancelled, "cancelled before it started", started);

        // The task may write its state file; the folder is ours to provide, the file is the task's.
        PrivateFiles.CreateParentOf(options.Home.TaskStateFile(launch.RunId, task.Id));

        using var tracker = tracking.NewAttempt();
        // Freed last, once every process of the attempt has ended.
        using var slot = slotsOf(launch.RunId).Claim(task.Id, tracker);
        using var process = TaskProcess.Start(task.Command.Shell, task.Command.Text, workingDirectory, TaskEnvironment.For(launch, options.Home, tracker.Token), tracker);
        Volatile.Write(ref _process, process);
        try
        {
            slot.Spawned(process.Id, tracker.ShellStarted);
            logger.AttemptStarted(launch.RunId, task.Id, launch.Attempt, process.Id, tracker.Method);
            var output = new AttemptOutput(launch, reporter, log, options.StderrTailLines);
            using var abandon = new CancellationTokenSource();
            var pumps = Task.WhenAll(
                AttemptOutput.PumpAsync(process.Stdout, output.OnStdout, OnOutputFault, abandon.Token),
                AttemptOutput.PumpAsync(process.Stderr, output.OnStderr, OnOutputFault, abandon.Token));

            var (exitCode, ending) = await WaitForExitOrEndAsync(process).ConfigureAwait(false);
            if (await ProcessEnding.EndLeftoversAsync(process, time).ConfigureAwait(false) is { } leftovers) notes.Add(leftovers);
            var duration = time.GetElapsedTime(started);
            if (!await DrainAsync(pumps, abandon).ConfigureAwait(false))
                notes.Add($"output abandoned {DurationText.Format(options.KillGrace)} after its last process ended (a process outside the task holds its stdout or stderr)");

            return AttemptOutcome.Decide(
                launch, exitCode, (AttemptKill)Volatile.Read(ref _kill), Volatile.Read(ref _fault) ?? ending?.Description,
                path => Path.Exists(Path.Combine(workingDirectory, path)), output.StdoutContained,
                duration, output.StderrTail);
        }
        catch
        {
            // Whatever failed here, the task's processes must not outlive the attempt.
            await ProcessEnding.KillAsync(process, time).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Reads the output to its end; false when it had to be abandoned after the kill grace.</summary>
    private async Task<bool> DrainAsync(Task pumps, CancellationTokenSource abandon)
    {
        try
        {
            await pumps.WaitAsync(options.KillGrace, time).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            // Every process of the task has ended, yet a pipe is still open: a process the task handed
            // it to outside its tree holds it. Its output is no longer the attempt's.
            logger.OutputAbandoned(launch.RunId, launch.Task.Id, launch.Attempt, options.KillGrace);
            await abandon.CancelAsync().ConfigureAwait(false);
            await pumps.ConfigureAwait(false);
            return false;
        }
    }

    private void OnOutputFault(Exception e)
    {
        logger.ExecutorFailed(e, launch.RunId, launch.Task.Id, launch.Attempt);
        Interlocked.CompareExchange(ref _fault, e.Message, null);
        if (TrySetKill(AttemptKill.ExecutorError)) Volatile.Read(ref _process)?.KillAll(thorough: true);
    }

    private TaskAttemptResult ExecutorFailure(Exception e, long started)
    {
        logger.ExecutorFailed(e, launch.RunId, launch.Task.Id, launch.Attempt);
        return TaskAttemptResult.Failure(launch, TaskFailureKind.ExecutorError, e.Message, time.GetElapsedTime(started));
    }

    private TaskAttemptResult NotStarted(TaskFailureKind kind, string reason, long started) =>
        TaskAttemptResult.Failure(launch, kind, reason, time.GetElapsedTime(started));
}
