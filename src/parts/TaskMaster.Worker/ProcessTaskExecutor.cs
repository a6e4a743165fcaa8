using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Logging;
using TaskMaster.Core.Scheduling;
using TaskMaster.LocalHome;
using TaskMaster.Worker.Tracking;

namespace TaskMaster.Worker;

/// <summary>
/// Runs each attempt as real processes on this machine: <c>shell -c text</c> in a session of its own
/// with default signal dispositions, in the task's working directory, with its environment; every
/// process it starts tracked (a cgroup per attempt where the machine offers one, and the process
/// tree, the executor being child subreaper). Writes the task log, reports <c>::progress</c> lines,
/// enforces the timeout, judges the success criteria, and kills whatever the task leaves behind
/// when its shell ends. Linux only.
/// </summary>
public sealed class ProcessTaskExecutor : ITaskExecutor
{
    private readonly ProcessExecutorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ProcessTaskExecutor> _logger;
    private readonly Dictionary<ProcessAttempt, Task> _running = [];

    private readonly AttemptTracking _tracking;
    private readonly Dictionary<string, AttemptSlots> _slots = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private bool _disposed;

    /// <exception cref="ValidationException">An option is out of range; the message names it.</exception>
    public ProcessTaskExecutor(ProcessExecutorOptions options, TimeProvider timeProvider, ILogger<ProcessTaskExecutor> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        _options = options;
        _time = timeProvider;
        _logger = logger;
        _tracking = AttemptTracking.Create(options.Tracking);
        _logger.TrackingChosen(_tracking.Description);
    }

    /// <summary>
    /// Kills what a previous executor of this run left running (a task's processes survive a SIGKILL
    /// of the executor), exactly those, and returns the tasks concerned. Call it before resuming the run.
    /// </summary>
    public static IReadOnlyList<string> KillLeftoversOf(HomeLayout home, string runId) => LeftoverKiller.Kill(home, runId);

    /// <summary>The run's files of running attempts whose executors still run (<see cref="KillLeftoversOf"/> leaves them alone).</summary>
    public static IReadOnlyList<string> LiveExecutorFilesOf(HomeLayout home, string runId) =>
        [.. RunningAttemptsFile.Files(home, runId).Where(AttemptSlots.WriterAlive)];

    /// <summary>How this executor tracks a task's processes, and why (cgroup v2, or the process tree).</summary>
    public string TrackingDescription => _tracking.Description;

    /// <summary>The executor's folder of attempt cgroups; null when it tracks by process tree.</summary>
    internal string? CgroupFolder => _tracking.CgroupFolder;

    /// <inheritdoc />
    /// <exception cref="ObjectDisposedException">The executor has been disposed.</exception>
    public void Start(TaskLaunch launch, ITaskReporter reporter)
    {
        ArgumentNullException.ThrowIfNull(launch);
        ArgumentNullException.ThrowIfNull(reporter);
        var attempt = new ProcessAttempt(launch, reporter, _options, _tracking, SlotsOf, _time, _logger);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            // Registered under the lock, so the attempt cannot forget itself before it is remembered.
            _running[attempt] = Task.Run(() => RunAndForgetAsync(attempt));
        }
    }

    /// <inheritdoc />
    public void CancelAll()
    {
        foreach (var attempt in Running()) attempt.Cancel();
    }

    /// <inheritdoc />
    /// <remarks>As a timeout does: SIGTERM to every process of the attempt, SIGKILL after the kill grace.</remarks>
    public void Cancel(int taskIndex, int attempt)
    {
        foreach (var running in Running())
            if (running.Launch.TaskIndex == taskIndex && running.Launch.Attempt == attempt) running.Terminate();
    }

    /// <summary>
    /// Ends one attempt given to <see cref="Start"/>, whichever run it is of (an executor serving several
    /// runs, as a worker service does): as <see cref="Cancel(int, int)"/> does, or at once with SIGKILL
    /// when <paramref name="kill"/>. Nothing when it has ended.
    /// </summary>
    public void Cancel(TaskLaunch launch, bool kill)
    {
        foreach (var running in Running())
        {
            if (!ReferenceEquals(running.Launch, launch)) continue;
            if (kill) running.Cancel();
            else running.Terminate();
        }
    }

    /// <summary>Cancels every running attempt and waits until each has reported its completion.</summary>
    public async ValueTask DisposeAsync()
    {
        Task[] remaining;
        lock (_gate)
        {
            _disposed = true;
            remaining = [.. _running.Values];
        }
        CancelAll();
        await Task.WhenAll(remaining).ConfigureAwait(false);
        lock (_gate)
        {
            foreach (var slots in _slots.Values) slots.Dispose();
            _slots.Clear();
        }
        _tracking.Dispose();
    }

    /// <summary>The file of this executor's running attempts of the run, created with its first attempt.</summary>
    /// <exception cref="IOException">It could not be created.</exception>
    private AttemptSlots SlotsOf(string runId)
    {
        lock (_gate)
        {
            if (!_slots.TryGetValue(runId, out var slots)) _slots[runId] = slots = AttemptSlots.Create(_options.Home, runId, _tracking.CgroupFolder);
            return slots;
        }
    }

    private async Task RunAndForgetAsync(ProcessAttempt attempt)
    {
        try
        {
            await attempt.RunAsync().ConfigureAwait(false);
        }
        finally
        {
            lock (_gate) _running.Remove(attempt);
        }
    }

    private ProcessAttempt[] Running()
    {
        lock (_gate) return [.. _running.Keys];
    }
}
