using Microsoft.Extensions.Logging;
using TaskMaster.Checkpoint;
using TaskMaster.Core.Checkpoints;
using TaskMaster.Core.Queue;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.State;
using TaskMaster.Scheduler.Control;
using TaskMaster.Core.ReadModel;

namespace TaskMaster.Scheduler.Runs;

/// <summary>
/// One run of the scheduler service, composed as the embedded executor composes its run: the core's
/// <see cref="RunScheduler"/> over the run's adapters, a <see cref="Checkpointer"/> folding the same
/// events on the same triggers, the status model and the event log, and its control.
/// </summary>
internal sealed class HostedRun : IAsyncDisposable
{
    private readonly RunAdapters _adapters;
    private readonly Checkpointer _checkpointer;
    private readonly RunScheduler _scheduler;

    private HostedRun(RunAdapters adapters, Checkpointer checkpointer, RunScheduler scheduler, IRunControl control, Task<RunSummary> completion)
    {
        _adapters = adapters;
        _checkpointer = checkpointer;
        _scheduler = scheduler;
        Control = control;
        Completion = completion;
    }

    public IRunControl Control { get; }

    /// <summary>Ends with the run: every task final, stopped by an operator, or interrupted.</summary>
    public Task<RunSummary> Completion { get; }

    /// <summary>True once an operator's stop ended the run (it is over for good, not to be resumed).</summary>
    public bool StoppedByOperator => _scheduler.StoppedByOperator;

    /// <param name="resume">The state to go on from and a second copy for the checkpointer, with the checkpoint they came from; null for a new run.</param>
    public static HostedRun Start(QueueDefinition queue, SchedulerOptions options, RunAdapters adapters, ResumedRun? resume,
        TimeSpan checkpointInterval, TimeProvider time, ILoggerFactory loggerFactory)
    {
        var status = new RunStatusModel(options.Concurrency, time);
        RunScheduler? scheduler = null;
        var checkpointer = new Checkpointer(
            resume?.CheckpointerState ?? new RunState(queue),
            new CheckpointerOptions
            {
                Home = adapters.Home,
                Interval = checkpointInterval,
                JournalFile = adapters.JournalName,
                Concurrency = options.Concurrency,
                CpuCapacity = options.CpuCapacity,
                MemoryCapacity = options.MemoryCapacity,
                LastCheckpointSequence = resume?.Checkpoint?.Sequence ?? 0,
                PreviousCheckpoint = resume?.Checkpoint is { } previous ? Path.GetFileName(previous.Location) : null,
                ResumeCommand = "the scheduler service resumes its unfinished runs when it starts",
            },
            adapters.Checkpoints, time, loggerFactory.CreateLogger<Checkpointer>(),
            taken => scheduler?.ReportCheckpoint(taken),
            failed => scheduler?.ReportCheckpointFailure(failed));
        IRunObserver[] observers = [new RunEventLogger(loggerFactory.CreateLogger<RunEventLogger>()), status, checkpointer];
        scheduler = new RunScheduler(queue, options, adapters.Executor, adapters.Journal, observers, time,
            loggerFactory.CreateLogger<RunScheduler>(), resumeFrom: resume?.State, checkpoints: new RunCheckpointSource(checkpointer, adapters.Checkpoints));
        var control = new SchedulerRunControl(scheduler, checkpointer, status)
        {
            RunId = options.RunId,
        };
        // Its own task: a run's loop never runs on the caller's (a gRPC call's) thread.
        return new HostedRun(adapters, checkpointer, scheduler, control, Task.Run(() => scheduler.RunAsync()));
    }

    /// <summary>True once the run was given up here (fenced, or its scheduler stepped down): it is not over, its new leader goes on with it.</summary>
    public bool Relinquished => _scheduler.Fenced;

    /// <summary>Gives the run up here at once, writing nothing more (this scheduler no longer leads).</summary>
    public void Relinquish(string reason) => _scheduler.Relinquish(reason);

    /// <summary>Stops the run without ending it for good (the service is shutting down): it resumes on the next start.</summary>
    public void Interrupt(string reason) => _scheduler.RequestStop(reason);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Completion.ConfigureAwait(false);
        }
        finally
        {
            // The run's last events ask for a final checkpoint: written before the store goes.
            await _checkpointer.DisposeAsync().ConfigureAwait(false);
            await _adapters.DisposeAsync().ConfigureAwait(false);
        }
    }
}

/// <summary>Where a resumed run goes on from: two folds of the same checkpoint and journal (the scheduler's and the checkpointer's).</summary>
internal sealed record ResumedRun(RunState State, RunState CheckpointerState, StoredCheckpoint? Checkpoint);
