using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using TaskMaster.Core.Events;
using TaskMaster.Core.Queue;
using TaskMaster.Core.Runs;
using TaskMaster.Core.Scheduling;
using TaskMaster.Scheduler.Control;
using TaskMaster.Core.ReadModel;
using TaskMaster.Scheduler.Leadership;

namespace TaskMaster.Scheduler.Runs;

/// <summary>
/// The scheduler service's runs: many at once, each with the core's <see cref="RunScheduler"/> over
/// its own adapters. Accepts submissions, records them in the catalog, resumes every unfinished run
/// when it starts (checkpoint + the journal after it), and interrupts them cleanly when it stops.
/// </summary>
public sealed partial class MultiRunScheduler(
    ISchedulerAdapters adapters, MultiRunOptions options, TimeProvider time, ILoggerFactory loggerFactory) : IRunDirectory, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, HostedRun> _runs = new(StringComparer.Ordinal);
    private readonly ILogger _logger = loggerFactory.CreateLogger<MultiRunScheduler>();
    private readonly ConcurrentDictionary<string, Task> _endings = new(StringComparer.Ordinal);
    // Runs the start passed over for good: a start tried again after a store fault does not log them twice.
    private readonly HashSet<string> _refused = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _resuming = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private bool _stopped;
    // The term this scheduler leads in; null while it stands by (it then runs nothing and writes nothing).
    private LeaderFence? _fence;
    // The term this scheduler stepped down from, whose runs it keeps (held, writing nothing) until its next term begins.
    private LeaderFence? _lastFence;

    /// <summary>True once every unfinished run has been resumed (readiness).</summary>
    public bool Started { get; private set; }

    /// <summary>
    /// Resumes every run the catalog lists as unfinished. A run whose own state refuses it (its submission
    /// lost, a checkpoint of another queue, a damaged journal) is logged and passed over; a store that does
    /// not answer (an <see cref="IOException"/>, an unreachable checkpoint service) ends the call with its
    /// fault, and calling again goes on with the runs not yet resumed (the hosted service does, until it succeeds).
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!Leading) throw new RunControlException("this scheduler does not lead: it resumes no run");
        var unfinished = new List<RunEntry>();
        await foreach (var entry in adapters.Catalog.ListAsync(cancellationToken).ConfigureAwait(false))
            if (entry.EndedAt is null && !_runs.ContainsKey(entry.RunId) && !_refused.Contains(entry.RunId)) unfinished.Add(entry);
        foreach (var entry in unfinished)
        {
            try
            {
                await RestoreAsync(entry.RunId, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is RunControlException or InvalidDataException)
            {
                _refused.Add(entry.RunId);
                LogResumeRefused(e, entry.RunId, e.Message);
            }
        }
        Started = true;
    }

    public IRunControl? Find(string runId)
    {
        if (runId.Length > 0) return _runs.TryGetValue(runId, out var run) ? run.Control : null;
        var live = _runs.Values.Take(2).ToList();
        return live.Count == 1 ? live[0].Control
            : throw new RunControlException($"the scheduler has {_runs.Count} runs: name one with its run id (task-master --server URL runs lists them)");
    }

    public async Task<IReadOnlyList<RunListing>> ListAsync(CancellationToken cancellationToken)
    {
        var listed = new List<RunListing>();
        await foreach (var entry in adapters.Catalog.ListAsync(cancellationToken).ConfigureAwait(false))
            listed.Add(new RunListing(entry, _runs.TryGetValue(entry.RunId, out var run) ? await PhaseOfAsync(run, cancellationToken).ConfigureAwait(false) : null));
        return listed;
    }

    private static async Task<RunPhase?> PhaseOfAsync(HostedRun run, CancellationToken cancellationToken)
    {
        try
        {
            return (await run.Control.GetStatusAsync(new StatusQuery(Detailed: false, IncludeResources: false), cancellationToken).ConfigureAwait(false)).State;
        }
        catch (RunControlException)
        {
            // Starting: nothing folded yet.
            return RunPhase.Running;
        }
    }

    public async Task<RunAccepted> SubmitAsync(RunSubmission submission, CancellationToken cancellationToken)
    {
        var queue = Parse(submission);
        var runId = $"run-{time.GetUtcNow():yyyyMMdd-HHmmss}-{Random.Shared.Next(0x10000):x4}";
        var schedulerOptions = OptionsFor(queue, submission, runId, resumedFrom: null);
        if (RunScheduler.ResourceProblems(queue, schedulerOptions).FirstOrDefault() is { } tooBig)
            throw new RunControlException($"the queue cannot run here: {tooBig}");
        // Kept before it is listed: a run in the catalog can always be resumed from its own queue.
        await adapters.Submissions.SaveAsync(runId, submission, cancellationToken).ConfigureAwait(false);
        await adapters.Catalog.AddAsync(new RunEntry(runId, submission.Name ?? queue.Name, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        var runAdapters = await OpenFencedAsync(runId, resuming: false, cancellationToken).ConfigureAwait(false);
        // The run outlives the call that submitted it: its loops must not carry the call's context (its logging scope, its trace).
        using (ExecutionContext.SuppressFlow())
            Launch(runId, HostedRun.Start(queue, schedulerOptions, runAdapters, resume: null, CheckpointInterval, time, loggerFactory));
        LogAccepted(runId, queue.Name, queue.Tasks.Count);
        return new RunAccepted(runId, queue.Tasks.Count);
    }

    public IAsyncEnumerable<RunEvent> WatchAsync(string runId, long afterSequence, bool follow, CancellationToken cancellationToken) =>
        adapters.Events.WatchAsync(runId, afterSequence, follow, cancellationToken);

    /// <summary>Interrupts every live run (their state is kept: they resume on the next start) and waits for each to end.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_stopped) return;
            _stopped = true;
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
        // Runs kept from an ended term can write nothing: they are given up (the next leader resumes them), not interrupted.
        if (!Leading) await DropRunsAsync("the scheduler service is shutting down while it does not lead").ConfigureAwait(false);
        foreach (var run in _runs.Values) run.Interrupt("the scheduler service is shutting down");
        foreach (var run in _runs.Values)
        {
            try { await run.DisposeAsync().ConfigureAwait(false); }
            catch (Exception e) when (e is IOException or InvalidOperationException) { LogRunEndFailed(e, run.Control.RunId); }
        }
        _stopping.Dispose();
        _resuming.Dispose();
    }

    private TimeSpan CheckpointInterval => TimeSpan.FromSeconds(options.CheckpointIntervalSeconds);

    private static QueueDefinition Parse(RunSubmission submission)
    {
        var parsed = QueueParser.Parse(submission.QueueText, submission.QueuePath, submission.Name);
        if (!parsed.IsValid)
            throw new RunControlException($"the queue is not valid ({parsed.Errors.Count} errors): " +
                                          string.Join("; ", parsed.Errors.Take(5).Select(e => e.ToString())));
        return parsed.Queue!;
    }

    private SchedulerOptions OptionsFor(QueueDefinition queue, RunSubmission submission, string runId, string? resumedFrom)
    {
        var concurrency = submission.Concurrency ?? queue.Concurrency ?? options.DefaultConcurrency;
        return new SchedulerOptions
        {
            RunId = runId,
            Concurrency = concurrency,
            CpuCapacity = options.CpuCapacity > 0 ? options.CpuCapacity : concurrency,
            Autonomous = submission.Autonomous,
            ResumedFrom = resumedFrom,
        };
    }

    private void Launch(string runId, HostedRun run)
    {
        lock (_gate)
        {
            if (!Leading)
            {
                run.Relinquish("this scheduler stopped leading as the run started");
                _ = run.DisposeAsync().AsTask();
                throw new RunControlException("this scheduler stopped leading; submit to the leader");
            }
            if (_stopped)
            {
                run.Interrupt("the scheduler service is shutting down");
                _ = run.DisposeAsync().AsTask();
                throw new RunControlException("the scheduler service is shutting down; submit again once it is back");
            }
            _runs[runId] = run;
        }
        _endings[runId] = RecordEndAsync(runId, run);
    }

    // A run that ended by itself or by an operator's stop is over; one interrupted by the shutdown resumes on the next start.
    private async Task RecordEndAsync(string runId, HostedRun run)
    {
        RunSummary summary;
        try
        {
            summary = await run.Completion.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            LogRunEndFailed(e, runId);
            return;
        }
        if (summary.Status == Core.State.RunStatus.Interrupted && !run.StoppedByOperator && _stopping.IsCancellationRequested) return;
        // Given up here, not ended: its new leader goes on with it. Nor is a run that ends while this scheduler does not lead.
        if (run.Relinquished || !Leading) return;
        await adapters.Catalog.MarkEndedAsync(runId, time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
        LogEnded(runId, summary.Status.ToString().ToLowerInvariant());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Accepted run {RunId} of queue {Queue} ({Tasks} tasks)")]
    private partial void LogAccepted(string runId, string queue, int tasks);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} ended: {Status}")]
    private partial void LogEnded(string runId, string status);

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId} could not be resumed: {Problem}")]
    private partial void LogResumeRefused(Exception e, string runId, string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId} failed as it ended")]
    private partial void LogRunEndFailed(Exception e, string runId);
}
