using TaskMaster.Core.Checkpoints;
using TaskMaster.Core.Events;
using TaskMaster.Core.Queue;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.State;
using TaskMaster.Core.Tests.Checkpoints;

namespace TaskMaster.Core.Tests.Scheduling;

/// <summary>
/// Checkpoints for engine tests, kept in memory: each request is answered with a checkpoint built
/// from the fold of the journal so far, stored under a fake primary and mirror path. It reports the
/// checkpoint at once (<see cref="AnswerAtOnce"/>), or keeps it until the test reports or fails it.
/// Registered as an observer too, it also checkpoints the state a critical task failed in for good,
/// as the real checkpointer does before a rollback.
/// </summary>
internal sealed class RecordingCheckpointSource(QueueDefinition queue, InMemoryEventJournal journal, TimeProvider time)
    : ICheckpointSource, IRunObserver
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, CheckpointDocument> _stored = [];
    private readonly Queue<CheckpointTaken> _unanswered = new();
    private readonly List<(int Count, TaskCompletionSource Tcs)> _waiters = [];
    private readonly List<string> _requests = [];
    private long _sequence;

    /// <summary>Where checkpoints are reported; set once the scheduler that uses this source exists.</summary>
    public RunScheduler? Scheduler { get; set; }

    public bool AnswerAtOnce { get; init; } = true;

    /// <summary>When set, the checkpoint a run asks for at its end fails with this error.</summary>
    public string? FailFinal { get; init; }

    /// <summary>Every primary copy reads back as damaged: only the mirror's can be loaded.</summary>
    public bool PrimaryCopiesDamaged { get; init; }

    /// <summary>The reasons of the requests received, in order.</summary>
    public IReadOnlyList<string> Requests
    {
        get { lock (_gate) return [.. _requests]; }
    }

    /// <remarks>Called on the scheduler's loop once a step's events are published: the journal is quiet.</remarks>
    public void RequestCheckpoint(string reason)
    {
        if (reason == RunScheduler.FinalCheckpointReason && FailFinal is { } error)
        {
            Scheduler!.ReportCheckpointFailure(new CheckpointFailed(time.GetUtcNow(), reason, error));
            return;
        }
        var taken = Take(reason, journal.Events.Count);
        lock (_gate)
        {
            _requests.Add(reason);
            if (!AnswersAtOnce(reason)) _unanswered.Enqueue(taken);
            foreach (var waiter in _waiters.Where(w => w.Count <= _requests.Count).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Tcs.SetResult();
            }
        }
        if (AnswersAtOnce(reason)) Report(taken);
    }

    private bool AnswersAtOnce(string reason) => AnswerAtOnce || reason == RunScheduler.FinalCheckpointReason;

    public void OnEvent(RunEvent e, RunState state)
    {
        if (e is TaskFailed { WillRetry: false } failed && queue.Tasks[state.Graph.IndexOf(failed.TaskId)].Critical)
            Report(Take("rollback", (int)failed.Sequence));
    }

    /// <summary>Until set, reads wait for it: a slow store (object storage far away).</summary>
    public TaskCompletionSource? HoldReads { get; set; }

    public async Task<CheckpointReadResult> LoadAsync(string location, CancellationToken cancellationToken)
    {
        if (HoldReads is { } hold) await hold.Task.WaitAsync(cancellationToken);
        lock (_gate)
        {
            if (PrimaryCopiesDamaged && !location.Contains("-mirror/", StringComparison.Ordinal))
                return CheckpointReadResult.Refused(new CheckpointRefusal(CheckpointRefusalKind.ChecksumMismatch, "checksum mismatch"));
            return _stored.TryGetValue(location, out var document)
                ? CheckpointReadResult.Valid(document)
                : CheckpointReadResult.Refused(new CheckpointRefusal(CheckpointRefusalKind.Unreadable, "no such checkpoint"));
        }
    }

    /// <summary>Completes when <paramref name="count"/> requests have been received in all.</summary>
    public Task WaitForRequest(int count)
    {
        lock (_gate)
        {
            if (_requests.Count >= count) return Task.CompletedTask;
            var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, tcs));
            return tcs.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    /// <summary>Reports the oldest unanswered checkpoint as written.</summary>
    public CheckpointTaken ReportNext()
    {
        CheckpointTaken taken;
        lock (_gate) taken = _unanswered.Dequeue();
        Report(taken);
        return taken;
    }

    /// <summary>Reports the oldest unanswered checkpoint as not written.</summary>
    public void FailNext(string error)
    {
        CheckpointTaken taken;
        lock (_gate)
        {
            taken = _unanswered.Dequeue();
            _stored.Remove(taken.Location);
            _stored.Remove(taken.MirrorLocation!);
        }
        Scheduler!.ReportCheckpointFailure(new CheckpointFailed(time.GetUtcNow(), taken.Reason, error));
    }

    /// <summary>A checkpoint of the first <paramref name="events"/> events of the journal, stored in both copies.</summary>
    private CheckpointTaken Take(string reason, int events)
    {
        var state = new RunState(queue);
        foreach (var e in journal.Events.Take(events)) state.Apply(e);
        lock (_gate)
        {
            var sequence = ++_sequence;
            var now = time.GetUtcNow();
            var document = CheckpointBuilder.Build(state, CheckpointContexts.Plain(sequence, now, reason: reason));
            var name = $"{sequence:D6}-{reason}.json";
            var taken = new CheckpointTaken(now, sequence, reason, $"memory://checkpoints/{name}", $"memory://checkpoints-mirror/{name}", document.Journal.Position);
            _stored[taken.Location] = document;
            _stored[taken.MirrorLocation!] = document;
            return taken;
        }
    }

    private void Report(CheckpointTaken taken) => Scheduler!.ReportCheckpoint(taken);
}
