using TaskMaster.Core.Events;
using TaskMaster.Core.Policies;
using TaskMaster.Core.Queue;
using TaskMaster.Core.State;
using static TaskMaster.Core.Tests.TestQueues;
using TaskStatus = TaskMaster.Core.State.TaskStatus;

namespace TaskMaster.Core.Tests.State;

/// <summary>
/// The one definition of an attempt's start, end and duration: the run state (each task's latest
/// attempt) and the attempt log (every attempt) fold the same events to the same spans.
/// </summary>
public sealed class AttemptSpanTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static readonly QueueDefinition Queue = QueueOf(TaskDef("long"), TaskDef("after", "long"), TaskDef("flaky") with { Retries = 1 });

    private static RunStarted Started(string? resumedFrom = null, DateTimeOffset? at = null) =>
        new(at ?? T0, "run-1", "test", "/tmp/q.md", "hash", Queue.Tasks.Count, 2, false, resumedFrom);

    /// <summary>Folds the events into both views and returns them.</summary>
    private static (RunState State, AttemptLog Log) Fold(params RunEvent[] events)
    {
        var (state, log) = (new RunState(Queue), new AttemptLog());
        foreach (var e in events)
        {
            state.Apply(e);
            log.Apply(e);
        }
        return (state, log);
    }

    [Fact]
    public void Apply_SkipOfARunningAttempt_EndsItAtTheOverrideInEveryView()
    {
        // 24.5 s into a `sleep 30`, an operator skips it; its process is killed later and its result is never journaled.
        var (state, log) = Fold(
            Started(), new TaskStarted(T0.AddSeconds(1), "long", 1),
            new TaskOverridden(T0.AddSeconds(25.5), "long", OverrideAction.Skip, TaskStatus.Running, 1, "by hand", []),
            new TaskStarted(T0.AddSeconds(25.6), "after", 1),
            new TaskSucceeded(T0.AddSeconds(26.6), "after", 1, 0, TimeSpan.FromSeconds(0.9)),
            new RunCompleted(T0.AddSeconds(60), Succeeded: true));

        var attempt = log.Attempts.Single(a => a.TaskId == "long");
        Assert.Equal((AttemptOutcome.Skipped, T0.AddSeconds(25.5)), (attempt.Outcome, attempt.EndedAt));
        Assert.Equal(TimeSpan.FromSeconds(24.5), attempt.Duration);
        Assert.Equal(attempt.Duration, state.Task("long").Duration);
        Assert.Equal(attempt.EndedAt, state.Task("long").AttemptEndedAt);
    }

    [Fact]
    public void Apply_SucceededAttempt_LastsFromItsStartToItsEventNotWhatTheWorkerMeasured()
    {
        var (state, log) = Fold(
            Started(), new TaskStarted(T0, "long", 1),
            new TaskSucceeded(T0.AddMilliseconds(2068), "long", 1, 0, TimeSpan.FromMilliseconds(2031)));

        Assert.Equal(TimeSpan.FromMilliseconds(2068), state.Task("long").Duration);
        Assert.Equal(state.Task("long").Duration, log.Attempts.Single().Duration);
        Assert.Equal((TimeSpan.FromMilliseconds(2068), TimeSpan.FromMilliseconds(2068)), (state.SucceededDurationTotal, state.AttemptDurationTotal));
    }

    [Fact]
    public void Apply_AttemptAKilledExecutorLeftRunning_EndsAtTheLastEventThatExecutorJournaled()
    {
        // The executor was killed 10 s after its last event; the resumed one puts the attempt back to run again.
        var (state, log) = Fold(
            Started(), new TaskStarted(T0.AddSeconds(1), "long", 1),
            new TaskProgressed(T0.AddSeconds(4), "long", 1, 40, "working"),
            Started(resumedFrom: "checkpoint.json", at: T0.AddSeconds(14)),
            new TaskCancelled(T0.AddSeconds(14), "long", 1, "the executor stopped while it ran; it runs again"));

        var attempt = log.Attempts.Single();
        Assert.Equal((AttemptOutcome.Cancelled, TimeSpan.FromSeconds(3)), (attempt.Outcome, attempt.Duration));
        Assert.Equal((TaskStatus.Ready, TimeSpan.FromSeconds(3)), (state.Task("long").Status, state.Task("long").Duration));
        Assert.Equal(TimeSpan.FromSeconds(3), state.AttemptDurationTotal);
    }

    [Fact]
    public void Apply_FailedThenRetried_EachAttemptEndsAtItsOwnEventAndOnlyTheSuccessIsUsefulTime()
    {
        var (state, log) = Fold(
            Started(), new TaskStarted(T0, "flaky", 1),
            new TaskFailed(T0.AddSeconds(1), "flaky", 1, TaskFailureClass.Transient, TaskFailureKind.ExitCode, 75, null,
                TimeSpan.FromSeconds(1), "exit code 75", [], WillRetry: true),
            new TaskStarted(T0.AddSeconds(2), "flaky", 2),
            new TaskSucceeded(T0.AddSeconds(5), "flaky", 2, 0, TimeSpan.FromSeconds(3)));

        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)], log.Attempts.Select(a => a.Duration!.Value));
        Assert.Equal([AttemptOutcome.Failed, AttemptOutcome.Succeeded], log.Attempts.Select(a => a.Outcome));
        Assert.Equal(0.75, RunMetrics.ExecutionEfficiency(state));
    }

    [Fact]
    public void Apply_AttemptRunning_HasNoEndAndNoDurationYet()
    {
        var (state, log) = Fold(Started(), new TaskStarted(T0, "long", 1));

        Assert.Equal((null, null), (state.Task("long").Duration, state.Task("long").AttemptEndedAt));
        Assert.Equal(TimeSpan.FromSeconds(7), log.Attempts.Single().DurationUntil(T0.AddSeconds(7)));
    }

    [Fact]
    public void Duration_SubMillisecondTimes_IsWholeMillisecondsOfTheEventTimes()
    {
        var start = T0.AddTicks(1_886_731);
        var end = T0.AddTicks(12_655_920);

        Assert.Equal(TimeSpan.FromMilliseconds(1077), AttemptSpan.Duration(start, end));
    }
}
