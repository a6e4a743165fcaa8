using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using TaskMaster.Core.Events;
using TaskMaster.Core.State;
using TaskStatus = TaskMaster.Core.State.TaskStatus;

namespace TaskMaster.Core.Scheduling;

// Resume, checkpoints and journal faults: what keeps a run's progress from being lost.
public sealed partial class RunScheduler
{
    /// <summary>How long to wait before writing to a failing journal again.</summary>
    public static readonly TimeSpan JournalRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>After this many failed writes in a row the run stops: what was durable stays resumable.</summary>
    public const int MaxJournalFailures = 30;

    /// <summary>How long a run that has ended waits for its final checkpoint to be written before it returns without it.</summary>
    public static readonly TimeSpan FinalCheckpointWait = TimeSpan.FromSeconds(60);

    /// <summary>The reason of the checkpoint a run asks for once its end is published.</summary>
    public const string FinalCheckpointReason = "shutdown";

    private readonly bool _resuming;
    private readonly TasksRetried? _retried;
    private Exception? _journalFault;
    private int _journalFailures;
    private bool _journalAbandoned;
    private bool _fenced;
    private ITimer? _journalRetryTimer;

    /// <summary>True when the run stopped because its journal could not be written.</summary>
    public bool JournalAbandoned => _journalAbandoned;

    /// <summary>True when the journal refused this scheduler for good (<see cref="JournalFencedException"/>): another owns the run now.</summary>
    public bool Fenced => _fenced;

    /// <summary>
    /// Gives the run up here at once (another scheduler owns it now): nothing more is written, started,
    /// cancelled or checkpointed, attempts are left running for the new owner to settle, and the loop ends
    /// with <see cref="Fenced"/> true. Called from any thread.
    /// </summary>
    public void Relinquish(string reason) => _inbox.Writer.TryWrite(new RelinquishRequest(reason));

    /// <summary>Records that a checkpoint was written (called by the checkpointer, from any thread).</summary>
    public void ReportCheckpoint(CheckpointTaken taken) => _inbox.Writer.TryWrite(new CheckpointReport(taken, null));

    /// <summary>Records that a checkpoint could not be written (called by the checkpointer, from any thread).</summary>
    public void ReportCheckpointFailure(CheckpointFailed failed) => _inbox.Writer.TryWrite(new CheckpointReport(null, failed));

    /// <summary>
    /// After a resume: attempts that were running when the executor stopped run again (as new
    /// attempts, so their count goes on), and retry timers are armed again for their due times.
    /// </summary>
    private void RequeueInterruptedWork()
    {
        var now = Now;
        foreach (var task in State.Tasks)
        {
            var id = _queue.Tasks[task.Index].Id;
            if (task.Status == TaskStatus.Running)
                Emit(new TaskCancelled(now, id, task.Attempt, "the executor stopped while it ran; it runs again"));
            else if (task.Status == TaskStatus.RetryWaiting)
            {
                var due = task.NextRetryAt ?? now;
                ScheduleRetry(task.Index, task.Attempt + 1, due > now ? due - now : TimeSpan.Zero);
            }
        }
    }

    /// <summary>
    /// Asks for the checkpoint of the run's end once the end is published, and journals it (or its failure)
    /// like any other, so that the status, the dashboard and the metrics name the same last checkpoint as
    /// the summary. Reports of earlier checkpoints that come first are journaled too; anything else that
    /// comes meanwhile is handled as after the end (control calls refused, late results dropped).
    /// </summary>
    private async ValueTask RecordFinalCheckpointAsync()
    {
        if (_checkpoints is null || _journalAbandoned) return;
        _checkpoints.RequestCheckpoint(FinalCheckpointReason);
        using var wait = new CancellationTokenSource(FinalCheckpointWait, _time);
        try
        {
            while (true)
            {
                var message = await _inbox.Reader.ReadAsync(wait.Token).ConfigureAwait(false);
                if (message is not CheckpointReport report)
                {
                    Handle(message);
                    continue;
                }
                Emit(report.Taken ?? (RunEvent)report.Failed!);
                await EndStepAsync().ConfigureAwait(false);
                if ((report.Taken?.Reason ?? report.Failed!.Reason) == FinalCheckpointReason) return;
            }
        }
        catch (OperationCanceledException)
        {
            LogFinalCheckpointLate(FinalCheckpointWait);
        }
    }

    /// <summary>What <see cref="SchedulerOptions.Retry"/> runs again, checked against the resumed state before anything happens.</summary>
    /// <exception cref="ArgumentException">There is no state to resume, or the retry is refused (the reasons are the message).</exception>
    private TasksRetried ChooseRetried(RetryRequest retry)
    {
        if (!_resuming) throw new ArgumentException("a retry continues an earlier run: give the state to resume from", nameof(retry));
        var choice = RetrySelection.Choose(State, retry.TaskIds);
        if (!choice.IsValid) throw new ArgumentException(string.Join(Environment.NewLine, choice.Problems), nameof(retry));
        return new TasksRetried(Now, choice.TaskIds, retry.By, retry.Reason);
    }

    private void OnCheckpointReport(CheckpointReport report)
    {
        if (report.Taken is { } taken)
        {
            Emit(taken);
            RememberCheckpoint(taken);
            ReleaseHeldCriticalTasks(taken.JournalPosition);
            return;
        }
        var failed = report.Failed!;
        Emit(failed);
        // Without the checkpoint, a held critical task starts anyway: a rollback falls back to an older one.
        ReleaseHeldCriticalTasks(long.MaxValue);
        if (!_options.Autonomous && State.Status != RunStatus.Paused && _stop is null && !State.AllFinal)
            Emit(new RunPaused(Now, $"a checkpoint could not be written ({failed.Error}); paused so that no work goes unprotected", ByOperator: false));
    }

    /// <summary>
    /// Flushes the journal. When it refuses (a full or failing disk, a Redis that is down or times out),
    /// dispatch stops, results keep arriving and are kept in order, and the flush is tried again; after
    /// <see cref="MaxJournalFailures"/> failures in a row the run stops with what is durable.
    /// </summary>
    private async ValueTask<bool> TryFlushJournalAsync()
    {
        if (_journalAbandoned) return true;
        try
        {
            await _journal.FlushAsync().ConfigureAwait(false);
        }
        // Whatever a journal throws is a journal fault: a disk's IOException and a network store's own
        // exceptions alike. Nothing that is not durable may be acted on, and the loop must not die of it.
        catch (Exception e)
        {
            OnJournalFault(e);
            return _journalAbandoned;
        }
        if (_journalFault is not null)
        {
            LogJournalRecovered(_journalFailures);
            _journalFault = null;
            _journalFailures = 0;
        }
        return true;
    }

    private void OnJournalFault(Exception e)
    {
        _journalFault = e;
        _journalFailures++;
        if (e is JournalFencedException)
        {
            // Another scheduler owns the run now: trying again cannot help, and nothing more may be written.
            LogJournalFenced(e, e.Message);
            OnRelinquish(e.Message);
            return;
        }
        if (_journalFailures >= MaxJournalFailures)
        {
            LogJournalAbandoned(e, _journalFailures);
            _journalAbandoned = true;
            if (_stop is null) OnStop(new StopRequest($"the journal cannot be written: {e.Message}", null));
            return;
        }
        LogJournalFault(e, _journalFailures, MaxJournalFailures);
        _journalRetryTimer?.Dispose();
        _journalRetryTimer = _time.CreateTimer(
            static s => ((RunScheduler)s!)._inbox.Writer.TryWrite(JournalRetry.Instance), this, JournalRetryDelay, Timeout.InfiniteTimeSpan);
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "The journal could not be written ({Failures}/{MaxFailures}); dispatch is held and the write will be tried again")]
    private partial void LogJournalFault(Exception ex, int failures, int maxFailures);

    private void OnRelinquish(string reason)
    {
        if (_fenced) return;
        _fenced = true;
        _journalAbandoned = true;
        _journalRetryTimer?.Dispose();
        LogRelinquished(reason);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The run is given up here, writing nothing more: {Reason}")]
    private partial void LogRelinquished(string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "FENCED: the journal refused this scheduler's write ({Refusal}); the run stops here without writing anything more")]
    private partial void LogJournalFenced(Exception ex, string refusal);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The journal could not be written {Failures} times in a row; stopping the run with what is durable")]
    private partial void LogJournalAbandoned(Exception ex, int failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The run's final checkpoint was not reported within {Wait}; the run ends without recording it")]
    private partial void LogFinalCheckpointLate(TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The journal is writable again after {Failures} failed writes; dispatch goes on")]
    private partial void LogJournalRecovered(int failures);

    private sealed record CheckpointReport(CheckpointTaken? Taken, CheckpointFailed? Failed);

    [SuppressMessage("Performance", "CA1812", Justification = "Created through its singleton.")]
    private sealed class JournalRetry
    {
        public static readonly JournalRetry Instance = new();
    }
}
