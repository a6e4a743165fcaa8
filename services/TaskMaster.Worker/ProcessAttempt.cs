using Microsoft.Extensions.Logging;
using TaskMaster.Core.Policies;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.Storage;

namespace TaskMaster.Worker;

/// <summary>
/// One attempt of one task run as a process tree: start, output, timeout, kill, outcome. Reports
/// exactly one completion and never throws.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001",
    Justification = "_cancel and _terminate have no timer to release, and may be cancelled as the attempt ends: they are left to the GC.")]
internal sealed class ProcessAttempt(
    TaskLaunch launch, ITaskReporter reporter, ProcessExecutorOptions options, TimeProvider time, ILogger logger)
{
    // The longest delay a timer takes (about 49 days); a longer timeout is as good as none.
    private static readonly TimeSpan LongestTimer = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly CancellationTokenSource _cancel = new();
    private readonly CancellationTokenSource _terminate = new();
    private int _kill = (int)AttemptKill.None;
    private string? _fault;
    private TaskProcess? _process;

    public TaskLaunch Launch => launch;

    /// <summary>Kills the attempt's tree (if it runs) and makes it report <see cref="TaskFailureKind.Cancelled"/>.</summary>
    public void Cancel() => _cancel.Cancel();

    /// <summary>
    /// Ends the attempt as a timeout does (SIGTERM to its group, SIGKILL after the grace) and makes it
    /// report <see cref="TaskFailureKind.Cancelled"/>: one task taken away by an operator may clean up.
    /// </summary>
    public void Terminate() => _terminate.Cancel();

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
            // The task log could not be opened or written: the attempt has no record.
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
        using var log = TaskLogWriter.Open(options.Home.TaskLogPath(launch.RunId, launch.Task.Id));
        log.WriteHeader(launch.Attempt, time.GetUtcNow());
        TaskAttemptResult result;
        try
        {
            result = await RunProcessAsync(log, started).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Spawning failed, say: the footer still records it.
            result = ExecutorFailure(e, started);
        }

        try
        {
            log.WriteFooter(launch.Attempt, time.GetUtcNow(), AttemptOutcome.Describe(result));
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

    private async Task<TaskAttemptResult> RunProcessAsync(TaskLogWriter log, long started)
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

        using var process = TaskProcess.Start(task.Command.Shell, task.Command.Text, workingDirectory, TaskEnvironment.For(launch, options.Home));
        Volatile.Write(ref _process, process);
        try
        {
            if (process.LeadsGroup) ProcessGroupMarker.Write(options.Home, launch.RunId, task.Id, process.Id);
            logger.AttemptStarted(launch.RunId, task.Id, launch.Attempt, process.Id);
            var output = new AttemptOutput(launch, reporter, log, options.StderrTailLines);
            using var abandon = new CancellationTokenSource();
            var pumps = Task.WhenAll(
                AttemptOutput.PumpAsync(process.Process.StandardOutput, output.OnStdout, OnOutputFault, abandon.Token),
                AttemptOutput.PumpAsync(process.Process.StandardError, output.OnStderr, OnOutputFault, abandon.Token));

            await WaitForExitOrKillAsync(process).ConfigureAwait(false);
            process.KillLeftovers();
            await DrainAsync(pumps, abandon).ConfigureAwait(false);

            return AttemptOutcome.Decide(
                launch, process.Process.ExitCode, (AttemptKill)Volatile.Read(ref _kill), Volatile.Read(ref _fault),
                path => Path.Exists(Path.Combine(workingDirectory, path)), output.StdoutContained,
                time.GetElapsedTime(started), output.StderrTail);
        }
        catch
        {
            // Whatever failed here, the task's processes must not outlive the attempt.
            process.KillTree();
            throw;
        }
        finally
        {
            if (process.LeadsGroup) ProcessGroupMarker.Remove(options.Home, launch.RunId, task.Id);
        }
    }

    private async Task WaitForExitOrKillAsync(TaskProcess process)
    {
        using var deadline = launch.Task.Timeout is { } timeout && timeout < LongestTimer
            ? new CancellationTokenSource(timeout, time)
            : new CancellationTokenSource();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, _cancel.Token, _terminate.Token);
        if (await ExitedAsync(process, stop.Token).ConfigureAwait(false)) return;

        if (_cancel.IsCancellationRequested)
        {
            TrySetKill(AttemptKill.Cancelled);
            process.KillTree();
        }
        else
        {
            TrySetKill(_terminate.IsCancellationRequested ? AttemptKill.Cancelled : AttemptKill.Timeout);
            process.Signal(UnixSignals.SIGTERM);
            using var grace = new CancellationTokenSource(options.KillGrace, time);
            using var graceOrCancel = CancellationTokenSource.CreateLinkedTokenSource(grace.Token, _cancel.Token);
            if (!await ExitedAsync(process, graceOrCancel.Token).ConfigureAwait(false)) process.KillTree();
        }
        await process.Process.WaitForExitAsync().ConfigureAwait(false);
    }

    private static async Task<bool> ExitedAsync(TaskProcess process, CancellationToken stop)
    {
        try
        {
            await process.Process.WaitForExitAsync(stop).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            // It may have ended just as the deadline passed: then it was not killed by us.
            return process.Process.HasExited;
        }
    }

    private async Task DrainAsync(Task pumps, CancellationTokenSource abandon)
    {
        try
        {
            await pumps.WaitAsync(options.KillGrace, time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Every process of the group is dead, yet a pipe is still open: a process that left the
            // group (setsid, a daemon) holds it. Its output is no longer the attempt's.
            logger.OutputAbandoned(launch.RunId, launch.Task.Id, launch.Attempt, options.KillGrace);
            await abandon.CancelAsync().ConfigureAwait(false);
            await pumps.ConfigureAwait(false);
        }
    }

    private void OnOutputFault(Exception e)
    {
        logger.ExecutorFailed(e, launch.RunId, launch.Task.Id, launch.Attempt);
        Interlocked.CompareExchange(ref _fault, e.Message, null);
        if (TrySetKill(AttemptKill.ExecutorError)) Volatile.Read(ref _process)?.KillTree();
    }

    /// <summary>Records why we kill the tree; the first reason wins.</summary>
    private bool TrySetKill(AttemptKill reason) =>
        Interlocked.CompareExchange(ref _kill, (int)reason, (int)AttemptKill.None) == (int)AttemptKill.None;

    private TaskAttemptResult ExecutorFailure(Exception e, long started)
    {
        logger.ExecutorFailed(e, launch.RunId, launch.Task.Id, launch.Attempt);
        return TaskAttemptResult.Failure(launch, TaskFailureKind.ExecutorError, e.Message, time.GetElapsedTime(started));
    }

    private TaskAttemptResult NotStarted(TaskFailureKind kind, string reason, long started) =>
        TaskAttemptResult.Failure(launch, kind, reason, time.GetElapsedTime(started));
}
