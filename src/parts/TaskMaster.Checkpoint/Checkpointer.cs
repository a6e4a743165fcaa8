using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using TaskMaster.Core.Checkpoints;
using TaskMaster.Core.Events;
using TaskMaster.Core.Policies;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.State;

namespace TaskMaster.Checkpoint;

/// <summary>
/// Takes checkpoints without ever stopping dispatch: it keeps its own fold of the run's events on
/// its own task (the same events the scheduler journaled, in the same order), and encodes each
/// checkpoint from that copy while the scheduler goes on, streamed into one reused buffer (nothing
/// of the size of the run is allocated), then stores it while it goes on folding. Checkpoints are
/// taken when the run starts, every <see cref="CheckpointerOptions.Interval"/>, when a
/// <c>checkpoint: after</c> task ends, when a critical task fails for good (before the rollback), and
/// on request: the scheduler's (before a critical task, and <c>shutdown</c> once the run's end is
/// published, which it then journals) and an operator's. One is stored at a time, in order.
/// </summary>
public sealed partial class Checkpointer : IRunObserver, IAsyncDisposable
{
    private readonly Channel<object> _inbox = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly RunState _state;
    private readonly CheckpointerOptions _options;
    private readonly ICheckpointStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<CheckpointTaken> _onTaken;
    private readonly Action<CheckpointFailed> _onFailed;
    private readonly Task _loop;
    private readonly ITimer? _interval;
    // The file being stored, reused: its buffer is free again once the store of the previous one is done.
    private readonly MemoryStream _file = new();
    private Task<CheckpointTaken>? _storing;
    private long _sequence;
    private string? _previous;
    private CheckpointTaken? _last;
    // The journal position of the last event a new checkpoint would show: a checkpoint's own
    // CheckpointTaken event, journaled by the scheduler and folded here, changes nothing worth one.
    private long _changedAt;

    /// <param name="state">The checkpointer's own copy of the run state: fresh, or restored the same way as the scheduler's.</param>
    /// <param name="onTaken">Told of every checkpoint written (the scheduler journals it).</param>
    /// <param name="onFailed">Told of every checkpoint that could not be written.</param>
    public Checkpointer(
        RunState state, CheckpointerOptions options, ICheckpointStore store, TimeProvider time, ILogger<Checkpointer> logger,
        Action<CheckpointTaken> onTaken, Action<CheckpointFailed> onFailed)
    {
        _state = state;
        _options = options;
        _store = store;
        _time = time;
        _logger = logger;
        _onTaken = onTaken;
        _onFailed = onFailed;
        _sequence = options.LastCheckpointSequence;
        _previous = options.PreviousCheckpoint;
        _loop = Task.Run(RunLoopAsync);
        if (options.Interval > TimeSpan.Zero)
            _interval = time.CreateTimer(static s => ((Checkpointer)s!)._inbox.Writer.TryWrite(IntervalTick.Instance), this, options.Interval, options.Interval);
    }

    /// <summary>The newest checkpoint this checkpointer wrote.</summary>
    public CheckpointTaken? Last => Volatile.Read(ref _last);

    public void OnEvent(RunEvent e, RunState state) => _inbox.Writer.TryWrite(e);

    /// <summary>
    /// Writes a checkpoint now. Without <paramref name="force"/>, a paused run is refused and a run
    /// with nothing new since the last checkpoint gets that one back.
    /// </summary>
    public Task<CheckpointTaken> RequestAsync(bool force, CancellationToken cancellationToken)
    {
        var request = new CheckpointRequest(force, new TaskCompletionSource<CheckpointTaken>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_inbox.Writer.TryWrite(request)) throw new InvalidOperationException("the run has ended; no checkpoint can be requested");
        return request.Result.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Asks for a checkpoint of the events received so far, without waiting for it (the result goes to the callbacks).</summary>
    public void Request(string reason) => _inbox.Writer.TryWrite(new NamedRequest(reason));

    /// <summary>Writes whatever the events received so far call for, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _interval?.Dispose();
        _inbox.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        await StoredAsync().ConfigureAwait(false);
        await _file.DisposeAsync().ConfigureAwait(false);
    }

    private async Task RunLoopAsync()
    {
        await foreach (var message in _inbox.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            switch (message)
            {
                case RunEvent e:
                    _state.Apply(e);
                    if (e is not CheckpointTaken) _changedAt = _state.LastSequence;
                    if (TriggerOf(e) is { } reason) await WriteAsync(reason).ConfigureAwait(false);
                    break;
                case IntervalTick:
                    await WriteAsync("interval").ConfigureAwait(false);
                    break;
                case CheckpointRequest request:
                    await OnRequestAsync(request).ConfigureAwait(false);
                    break;
                case NamedRequest named:
                    await WriteAsync(named.Reason).ConfigureAwait(false);
                    break;
            }
        }
    }

    private string? TriggerOf(RunEvent e) => e switch
    {
        RunStarted => "start",
        TaskSucceeded s when CheckpointAfter(s.TaskId) => "task-after",
        // The state as it failed, kept before the scheduler rolls the run back from it.
        TaskFailed { WillRetry: false } f when Definition(f.TaskId).Critical => "rollback",
        TaskFailed { WillRetry: false } f when CheckpointAfter(f.TaskId) => "task-after",
        _ => null,
    };

    private bool CheckpointAfter(string taskId) => Definition(taskId).CheckpointAfter;

    private Core.Queue.TaskDefinition Definition(string taskId) => _state.Queue.Tasks[_state.Graph.IndexOf(taskId)];

    private async Task OnRequestAsync(CheckpointRequest request)
    {
        // The one being stored may be the one to give back.
        await StoredAsync().ConfigureAwait(false);
        if (!request.Force && _state.Status == RunStatus.Paused)
        {
            request.Result.TrySetException(new InvalidOperationException("the run is paused; use --force to checkpoint it anyway"));
            return;
        }
        if (!request.Force && _last is { } last && last.JournalPosition >= _changedAt)
        {
            request.Result.TrySetResult(last);
            return;
        }
        var storing = await WriteAsync("manual").ConfigureAwait(false);
        _ = storing.ContinueWith(
            static (done, state) =>
            {
                var result = (TaskCompletionSource<CheckpointTaken>)state!;
                if (done.IsCompletedSuccessfully) result.TrySetResult(done.Result);
                else result.TrySetException(done.Exception?.InnerException ?? new InvalidOperationException("the checkpoint was not written"));
            },
            request.Result, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>The checkpoint being stored, once it is (never throws: a failure has been reported).</summary>
    private async Task StoredAsync()
    {
        if (_storing is not { } storing) return;
        try
        {
            await storing.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Already reported through onFailed and the log; the run decides what to do.
        }
    }

    /// <summary>
    /// Encodes a checkpoint of the fold as it is now, on this loop, and starts storing it; returns the
    /// store's task (the loop goes on folding meanwhile). Waits for the previous one first: checkpoints
    /// are stored one at a time, in order, and reuse one buffer.
    /// </summary>
    private async Task<Task<CheckpointTaken>> WriteAsync(string reason)
    {
        await StoredAsync().ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var started = _time.GetTimestamp();
        var runId = _state.RunId ?? "";
        EncodedCheckpoint encoded;
        try
        {
            encoded = CheckpointCodec.Encode(_state, new CheckpointContext(
                _sequence + 1, reason, now, _options.JournalFile, _options.Concurrency, _options.CpuCapacity, _options.MemoryCapacity,
                IntermediateResults.Collect(_state, _options.Home, runId, _options.MaxStateFileBytes),
                Metrics(), _options.ResumeCommand, _previous), _file);
        }
        catch (Exception e)
        {
            _storing = Task.FromException<CheckpointTaken>(e);
            Failed(e, reason, now);
            return _storing;
        }
        _storing = StoreAsync(encoded, now, started);
        return _storing;
    }

    private async Task<CheckpointTaken> StoreAsync(EncodedCheckpoint encoded, DateTimeOffset now, long started)
    {
        try
        {
            var stored = await _store.StoreAsync(encoded, CancellationToken.None).ConfigureAwait(false);
            _sequence = encoded.Sequence;
            _previous = Path.GetFileName(stored.Location);
            var taken = new CheckpointTaken(
                now, encoded.Sequence, encoded.Reason, stored.Location, stored.MirrorLocation, encoded.JournalPosition, _time.GetElapsedTime(started));
            Volatile.Write(ref _last, taken);
            if (stored.MirrorError is not null) LogMirrorFailed(stored.MirrorError, stored.Location);
            LogTaken(encoded.Sequence, encoded.Reason, stored.Location, encoded.JournalPosition);
            _onTaken(taken);
            return taken;
        }
        catch (Exception e)
        {
            Failed(e, encoded.Reason, now);
            throw;
        }
    }

    private void Failed(Exception e, string reason, DateTimeOffset at)
    {
        LogFailed(e, reason);
        _onFailed(new CheckpointFailed(at, reason, e.Message));
    }

    private SystemMetrics Metrics()
    {
        var memory = Environment.WorkingSet;
        var budget = _options.MemoryBudget.For(_state.Tasks.Count);
        return new SystemMetrics
        {
            MemoryUsage = MemoryBudget.Describe(memory, budget),
            MemoryBytes = memory,
            MemoryBudgetBytes = budget,
            AutonomyScore = RunMetrics.AutonomyScore(_state),
            ExecutionEfficiency = RunMetrics.ExecutionEfficiency(_state),
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Checkpoint {Sequence} ({Reason}) written to {Path}, covering the journal up to {JournalPosition}")]
    private partial void LogTaken(long sequence, string reason, string path, long journalPosition);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Checkpoint ({Reason}) could not be written; earlier checkpoints are intact")]
    private partial void LogFailed(Exception ex, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The mirror copy of checkpoint {Path} failed: {Error}")]
    private partial void LogMirrorFailed(string error, string path);

    private sealed record NamedRequest(string Reason);

    private sealed record CheckpointRequest(bool Force, TaskCompletionSource<CheckpointTaken> Result);

    private sealed class IntervalTick
    {
        public static readonly IntervalTick Instance = new();
    }
}
