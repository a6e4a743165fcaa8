using Microsoft.Extensions.Logging;
using Spectre.Console;
using TaskMaster.Checkpoint;
using TaskMaster.Checkpoint.Journal;
using TaskMaster.Checkpoint.Resume;
using TaskMaster.Cli.Commands;
using TaskMaster.Cli.Output;
using TaskMaster.Core.Display;
using TaskMaster.Core.Policies;
using TaskMaster.Core.Queue;
using TaskMaster.Core.ReadModel;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.State;
using TaskMaster.Core.Storage;
using TaskMaster.LocalHome;
using TaskMaster.Monitor;
using TaskMaster.Monitor.History;
using TaskMaster.Scheduler.Control;
using TaskMaster.Scheduler.Runs;
using TaskMaster.Worker;
using TaskMaster.Worker.Tracking;

namespace TaskMaster.Cli.Hosting;

/// <summary>A run to carry out in this process: new, or resumed from a plan.</summary>
/// <param name="Header">What the run says first, printed once its ports are bound: a refusal to listen is printed alone.</param>
internal sealed record RunRequest(QueueDefinition Queue, ExecuteSettings Settings, SchedulerOptions Options, ResumePlan? Resume, Action<TextWriter>? Header = null)
{
    /// <summary>The resumed state the scheduler starts from, when the caller built it already (the preview's); else it is built here.</summary>
    public RunState? ResumedState { get; init; }

    /// <summary>The checkpointer's own copy of the resumed state, built meanwhile on another thread; else it is built here.</summary>
    public Task<RunState>? CheckpointerState { get; init; }
}

/// <summary>
/// Composes the embedded executor: scheduler, process workers, durable journal, checkpointer,
/// control API, logs and terminal view, all in this process, and runs one run to its end.
/// </summary>
internal static class EmbeddedRun
{
    public static async Task<int> RunAsync(RunRequest request, HomeLock homeLock, CancellationToken cancellationToken)
    {
        var (queue, settings, options, plan, _) = request;
        if (!TaskTrackingVariable.TryRead(out var tracking, out var trackingProblem))
        {
            await Console.Error.WriteLineAsync($"task-master: {trackingProblem}").ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }
        var layout = settings.Home;
        var time = TimeProvider.System;
        using var loggerFactory = RunLogging.Create(layout, settings.LogLevel, options.RunId);
        var logFile = RunLogging.CurrentFile(layout, time.GetUtcNow());
        var statusModel = new RunStatusModel(options.Concurrency, time);
        // Every server starts listening before the run is composed; their calls answer "starting" until the run's control is attached.
        var (control, attachControl) = LateRunControl.Create();
        // Before anything is written or run: a monitor port that is taken ends the command here.
        await using var monitor = settings.Monitor is { } wanted
            ? await EmbeddedMonitor.StartAsync(
                wanted, settings.Monitoring.UpdateInterval, new MonitorRun { RunId = options.RunId, Queue = queue, Home = layout, Status = statusModel, Time = time, MemoryBudget = settings.Monitoring.MemoryBudget }, control, loggerFactory).ConfigureAwait(false)
            : null;
        if (settings.Monitor is not null && monitor is null) return ExitCodes.InvalidInput;
        await using var grpc = settings.Grpc is { } grpcWanted ? await EmbeddedGrpcServer.StartAsync(grpcWanted, layout, control, loggerFactory).ConfigureAwait(false) : null;
        if (settings.Grpc is not null && grpc is null) return ExitCodes.InvalidInput;
        request.Header?.Invoke(Console.Out);
        if (monitor is not null) Console.WriteLine($"Dashboard: {monitor.DashboardUrl(ControlTokenFile.LoadOrCreate(layout.ControlTokenFile))}");
        if (grpc is not null) Console.WriteLine($"gRPC: {grpc.Endpoint}");

        await using var controlServer = EmbeddedControlServer.Start(layout, control, loggerFactory);
        await using var journal = OpenJournal(settings, options.RunId, plan, loggerFactory.CreateLogger<FileEventJournal>());
        if (journal.MirrorProblem is { } mirrorProblem) Console.Error.WriteLine($"task-master: warning: {mirrorProblem}");
        await PrivateFiles.WriteAllTextAsync(layout.CurrentRunFile, options.RunId, cancellationToken).ConfigureAwait(false);
        var leftovers = plan is null ? [] : ProcessTaskExecutor.KillLeftoversOf(layout, options.RunId);
        if (leftovers.Count > 0)
            Console.WriteLine($"Killed what the previous executor left running: {string.Join(", ", leftovers.Take(10))}{(leftovers.Count > 10 ? $" and {leftovers.Count - 10} more" : "")}");
        var schedulerState = request.ResumedState ?? plan?.BuildState();
        var restored = plan is null ? [] : plan.RestoreStateFiles(layout, schedulerState!);

        using var store = new FileCheckpointStore(settings.CheckpointStore(layout), time, loggerFactory.CreateLogger<FileCheckpointStore>());
        store.CleanStrayTempFiles();
        RunScheduler? scheduler = null;
        await using var checkpointer = new Checkpointer(
            request.CheckpointerState is { } building ? await building.ConfigureAwait(false) : plan?.BuildState() ?? new RunState(queue),
            new CheckpointerOptions
            {
                Home = layout,
                Interval = settings.CheckpointInterval,
                JournalFile = Path.GetRelativePath(layout.Home, journal.Path),
                Concurrency = options.Concurrency,
                CpuCapacity = options.CpuCapacity,
                MemoryCapacity = options.MemoryCapacity,
                MemoryBudget = settings.Monitoring.MemoryBudget,
                LastCheckpointSequence = plan?.Checkpoint.Sequence ?? 0,
                PreviousCheckpoint = plan is null || plan.Checkpoint.Sequence == 0 ? null : Path.GetFileName(plan.CheckpointPath),
                ResumeCommand = $"task-master resume --home {layout.Home}",
            },
            store, time, loggerFactory.CreateLogger<Checkpointer>(),
            taken => scheduler?.ReportCheckpoint(taken),
            failed => scheduler?.ReportCheckpointFailure(failed));
        // Both states are built: what the plan read of each task is no longer needed.
        plan?.ReleaseTaskStates();
        if (plan is not null) StartupGarbage.Reclaim(queue.Tasks.Count);

        await using var executor = new ProcessTaskExecutor(
            new ProcessExecutorOptions { Home = layout, TaskLogMaxBytes = settings.TaskLogMaxBytes, Tracking = tracking },
            time, loggerFactory.CreateLogger<ProcessTaskExecutor>());
        // History and alerts, with or without --monitor (which hands it its feed and /metrics registry).
        await using var insights = MonitorInsights.Start(
            settings.Monitoring.For(layout, options.RunId, settings.CheckpointInterval, monitor?.Url.ToString() ?? "", EmbeddedMonitor.SavedUpdateInterval(layout)),
            time, loggerFactory, monitor?.Feed, monitor?.Registry);
        await using var plainView = settings.Plain ? new PlainRunView(Console.Out) : null;
        var observers = new List<IRunObserver>
        {
            new RollbackStateRestorer(layout, store), new RunEventLogger(loggerFactory.CreateLogger<RunEventLogger>()), statusModel, checkpointer, insights,
        };
        if (plainView is not null) observers.Add(plainView);
        if (monitor is not null) observers.AddRange(monitor.Observers);
        scheduler = new RunScheduler(queue, options, executor, journal, observers, time,
            loggerFactory.CreateLogger<RunScheduler>(), resumeFrom: schedulerState, checkpoints: new CheckpointSource(checkpointer, store));

        var runControl = new SchedulerRunControl(scheduler, checkpointer, statusModel, new ProcessResourceSampler(time, settings.Monitoring.MemoryBudget).Sample)
        {
            RunId = options.RunId, MonitorUrl = monitor?.Url.ToString(),
        };
        attachControl(runControl);
        await controlServer.WaitUntilListeningAsync().ConfigureAwait(false);
        homeLock.Announce(new ExecutorInfo(Environment.ProcessId, options.RunId, queue.SourcePath, time.GetUtcNow(), layout.ControlSocket));
        if (restored.Count > 0) Console.WriteLine($"Restored the saved state of {Counted.Of(restored.Count, "task")} from the checkpoint: {string.Join(", ", restored.Take(10))}");

        RunSummary summary;
        int exitCode;
        using (var signals = new StopSignals((reason, signal) => scheduler.RequestStop(reason, signal)))
        {
            var run = scheduler.RunAsync(cancellationToken);
            summary = settings.Plain ? await run.ConfigureAwait(false) : await LiveRunView.ShowWhile(AnsiConsole.Console, statusModel, run, time).ConfigureAwait(false);
            // The run's last events ask for a final checkpoint: let it be written before saying where it is.
            await checkpointer.DisposeAsync().ConfigureAwait(false);
            if (plainView is not null) await plainView.DisposeAsync().ConfigureAwait(false);

            SummaryPrinter.Print(Console.Out, summary, scheduler.State, layout, logFile, checkpointer.Last);
            exitCode = summary.Status switch
            {
                _ when scheduler.JournalAbandoned => ExitCodes.ExecutorFault,
                RunStatus.Completed => ExitCodes.Success,
                RunStatus.Interrupted when scheduler.StoppedByOperator => ExitCodes.StoppedByOperator,
                RunStatus.Interrupted when signals.Received > 0 => ExitCodes.FromSignal(signals.Received),
                _ => ExitCodes.TasksFailed,
            };
            // A run ended by a signal was asked to end: its monitor goes with it.
            if (signals.Received > 0) return exitCode;
        }
        if (monitor is not null && settings.Monitor?.Linger > TimeSpan.Zero)
        {
            // Nothing more to sample: the history ends with the run, not with the linger.
            await insights.DisposeAsync().ConfigureAwait(false);
            await MonitorLinger.WaitAsync(monitor, attachControl, runControl, summary.Status, settings.Monitor.Linger).ConfigureAwait(false);
        }
        return exitCode;
    }

    private static FileEventJournal OpenJournal(ExecuteSettings settings, string runId, ResumePlan? plan, ILogger logger) =>
        plan is null ? FileEventJournal.Create(settings.Journal(settings.Home, runId), logger) : plan.OpenJournal(settings.JournalMirror, logger);
}
