using TaskMaster.Core.Events;
using static TaskMaster.Chaos.Tests.Checking.Histories;

namespace TaskMaster.Chaos.Tests.Checking;

public sealed class HistoryCheckerTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public void Check_CleanRun_PassesEveryCheck()
    {
        var result = HistoryChecker.Check(Clean(), Bound);

        Assert.True(result.Passed, string.Join(Environment.NewLine, result.Evidence));
        Assert.Equal((0, 0, 0, 0, 0, 0, 0, 0), (result.Lost, result.Unexpected, result.Duplicates, result.UnexplainedDuplicates, result.Order, result.Fencing, result.Liveness, result.Leftovers));
        Assert.Equal(TimeSpan.FromSeconds(2.6), result.RecoveredIn);
    }

    [Fact]
    public void Lost_AcknowledgedSuccessMissingFromTheJournal_IsCounted()
    {
        // A client was shown b's success; the journal read afterwards ends before it.
        var journal = CleanJournal().Take(4).ToList();
        var history = Clean() with { Journal = journal };

        var result = HistoryChecker.Check(history, Bound);

        Assert.Equal(2, result.Lost);
        Assert.Contains(result.Evidence, e => e.StartsWith("lost: acknowledged `5 TaskSucceeded", StringComparison.Ordinal));
        Assert.False(result.Passed);
    }

    [Fact]
    public void Lost_JournalRewrittenAtAnAcknowledgedSequence_IsCounted()
    {
        var journal = CleanJournal().ToList();
        journal[4] = Numbered(new TaskFailed(At(2.5), "b", 1, default, default, 75, null, TimeSpan.FromSeconds(1), "exit 75", [], true), 5);

        Assert.Equal(1, HistoryChecker.Lost(Clean() with { Journal = journal }, []));
    }

    [Fact]
    public void Unexpected_SuccessWithNoAttemptThatExitedZero_IsCounted()
    {
        var history = Clean() with { Attempts = [Attempt("a", 1, 0.2, 1.1, 0), Attempt("b", 1, 1.4, 2.4, 75)] };

        var result = HistoryChecker.Check(history, Bound);

        Assert.Equal(1, result.Unexpected);
        Assert.Contains(result.Evidence, e => e.Contains("b attempt 1 succeeded", StringComparison.Ordinal));
    }

    [Fact]
    public void Unexpected_SuccessOfAnAttemptNumberNeverRun_IsCounted()
    {
        // b exited 0 as attempt 1, the journal says attempt 2 succeeded.
        var journal = CleanJournal().ToList();
        journal[4] = Numbered(new TaskSucceeded(At(2.5), "b", 2, 0, TimeSpan.FromSeconds(1)), 5);

        Assert.Equal(1, HistoryChecker.Unexpected(Clean() with { Journal = journal, Acknowledged = journal }, []));
    }

    [Fact]
    public void Duplicates_SameAttemptStartedTwiceWithNoFault_IsUnexplained()
    {
        var history = Clean() with { Attempts = [Attempt("a", 1, 0.2, 1.1, 0), Attempt("b", 1, 1.4, 2.4, 0), Attempt("b", 1, 1.5, 2.3, 0, id: "b-1-again")] };

        var result = HistoryChecker.Check(history, Bound);

        Assert.Equal((1, 1), (result.Duplicates, result.UnexplainedDuplicates));
        Assert.False(result.Passed);
    }

    [Fact]
    public void Duplicates_RerunAfterASuccessWithAFaultBetween_IsExplained()
    {
        // a's worker was killed after a exited 0 and before its success was reported: a ran again as attempt 2.
        var history = Clean() with
        {
            Attempts = [Attempt("a", 1, 0.2, 1.1, 0), Attempt("a", 2, 1.3, 1.9, 0), Attempt("b", 1, 2.4, 2.5, 0)],
            Faults = [new FaultRecord("worker-kill", "worker-1", At(1.15), At(1.25))],
        };

        var (duplicates, unexplained) = HistoryChecker.Duplicates(history, []);

        Assert.Equal((1, 0), (duplicates, unexplained));
    }

    [Fact]
    public void Duplicates_RerunAfterASuccessWithNoFault_IsUnexplained()
    {
        var history = Clean() with { Attempts = [Attempt("a", 1, 0.2, 1.1, 0), Attempt("a", 2, 1.3, 1.9, 0), Attempt("b", 1, 2.4, 2.5, 0)] };

        Assert.Equal((1, 1), HistoryChecker.Duplicates(history, []));
    }

    [Fact]
    public void Duplicates_RetryAfterATransientFailure_IsNoDuplicate()
    {
        var history = Clean() with { Attempts = [Attempt("a", 1, 0.2, 0.5, 75), Attempt("a", 2, 0.8, 1.1, 0), Attempt("b", 1, 1.4, 2.4, 0)] };

        Assert.Equal((0, 0), HistoryChecker.Duplicates(history, []));
    }

    [Fact]
    public void Duplicates_StaleDispatchFromBeforeASchedulerCrashRunAfterItHealed_IsExplained()
    {
        // a attempt 1 was dispatched at 0.1 s and sat in the broker while the scheduler was down (0.5–3 s);
        // the resumed run dispatched attempt 2; a worker then ran both.
        var journal = CleanJournal().ToList();
        journal.Insert(2, Numbered(new TaskStarted(At(3.1), "a", 2), 3));
        var history = Clean() with
        {
            Journal = journal,
            Attempts = [Attempt("a", 2, 3.2, 4.0, 0), Attempt("a", 1, 3.3, 4.1, 0), Attempt("b", 1, 4.5, 5, 0)],
            Faults = [new FaultRecord("scheduler-kill", "scheduler", At(0.5), At(3))],
        };

        Assert.Equal((1, 0), HistoryChecker.Duplicates(history, []));
    }

    [Fact]
    public void Duplicates_FaultOutsideTheTwoStarts_DoesNotExplainIt()
    {
        var history = Clean() with
        {
            Attempts = [Attempt("a", 1, 0.2, 1.1, 0), Attempt("a", 2, 1.3, 1.9, 0), Attempt("b", 1, 2.4, 2.5, 0)],
            Faults = [new FaultRecord("s3-outage", "s3", At(5), At(6))],
        };

        Assert.Equal((1, 1), HistoryChecker.Duplicates(history, []));
    }

    [Fact]
    public void Order_DependentStartedBeforeItsDependencysSuccessWasJournaled_IsCounted()
    {
        // b started at 1.0 s; a's success was journaled at 1.2 s.
        var history = Clean() with { Attempts = [Attempt("a", 1, 0.2, 1.1, 0), Attempt("b", 1, 1.0, 2.4, 0)] };

        var result = HistoryChecker.Check(history, Bound);

        Assert.Equal(1, result.Order);
        Assert.Contains(result.Evidence, e => e.StartsWith("order: b attempt 1", StringComparison.Ordinal));
    }

    [Fact]
    public void Order_DependencyNeverSucceeded_IsCounted()
    {
        var journal = CleanJournal().Where(e => e is not TaskSucceeded { TaskId: "a" }).ToList();

        Assert.Equal(1, HistoryChecker.Order(Clean() with { Journal = journal }, []));
    }

    [Fact]
    public void Order_StartInTheSameMillisecondAsTheSuccess_IsInOrder()
    {
        // The task writes whole milliseconds; the journal has ticks.
        var journal = CleanJournal().ToList();
        journal[2] = Numbered(new TaskSucceeded(At(1.4004), "a", 1, 0, TimeSpan.FromSeconds(1)), 3);

        Assert.Equal(0, HistoryChecker.Order(Clean() with { Journal = journal, Acknowledged = journal }, []));
    }

    [Fact]
    public void Fencing_SequenceWrittenTwice_IsCounted()
    {
        // A second writer appended its own event 4.
        var journal = CleanJournal().ToList();
        journal.Insert(4, Numbered(new TaskStarted(At(1.35), "b", 1), 4));

        var result = HistoryChecker.Check(Clean() with { Journal = journal }, Bound);

        Assert.True(result.Fencing >= 1);
        Assert.Contains(result.Evidence, e => e.StartsWith("fencing: event 4", StringComparison.Ordinal));
    }

    [Fact]
    public void Fencing_EventsAfterTheRunCompleted_AreCounted()
    {
        var journal = CleanJournal().Append(Numbered(new TaskStarted(At(3), "b", 2), 7)).ToList();

        Assert.Equal(1, HistoryChecker.Fencing(Clean() with { Journal = journal, FencingTokens = Tokens(journal) }, []));
    }

    [Fact]
    public void Fencing_FinalCheckpointAfterTheRunCompleted_IsNoFinding()
    {
        var journal = CleanJournal().Append(Numbered(new CheckpointTaken(At(2.7), 2, "shutdown", "s3://b/c.ckpt.gz", null, 6), 7)).ToList();

        Assert.Equal(0, HistoryChecker.Fencing(Clean() with { Journal = journal, FencingTokens = Tokens(journal) }, []));
    }

    [Fact]
    public void Fencing_TokenRaisedByATakeoverMidRun_IsNoFinding()
    {
        // Term 1 wrote events 1–3, the leader was replaced, term 2 wrote the rest.
        var tokens = new Dictionary<long, long> { [1] = 1, [2] = 1, [3] = 1, [4] = 2, [5] = 2, [6] = 2 };

        Assert.Equal(0, HistoryChecker.Fencing(Clean() with { FencingTokens = tokens }, []));
    }

    [Fact]
    public void Fencing_EntryOfAnOlderTokenAfterANewerOnesEntry_IsCountedAsAStaleWrite()
    {
        // Term 2 wrote event 4; the paused leader of term 1 woke and its write of event 5 got in.
        var tokens = new Dictionary<long, long> { [1] = 1, [2] = 1, [3] = 1, [4] = 2, [5] = 1, [6] = 2 };

        var result = HistoryChecker.Check(Clean() with { FencingTokens = tokens }, Bound);

        Assert.Equal(1, result.Fencing);
        Assert.Contains(result.Evidence, e => e.StartsWith("fencing: event 5 (TaskSucceeded) was accepted from fencing token 1 after event 4 from token 2", StringComparison.Ordinal));
        Assert.False(result.Passed);
    }

    [Fact]
    public void Fencing_EveryEntryAfterTheStaleOne_IsComparedWithTheNewestToken()
    {
        // Term 3 wrote event 2; terms 2 and 1 then both got writes in: each is stale against token 3.
        var tokens = new Dictionary<long, long> { [1] = 1, [2] = 3, [3] = 2, [4] = 1, [5] = 3, [6] = 3 };

        Assert.Equal(2, HistoryChecker.Fencing(Clean() with { FencingTokens = tokens }, []));
    }

    [Fact]
    public void Fencing_EntryWithNoToken_IsCounted()
    {
        var tokens = Tokens(CleanJournal().Where(e => e.Sequence != 3));
        var evidence = new List<string>();

        Assert.Equal(1, HistoryChecker.Fencing(Clean() with { FencingTokens = tokens }, evidence));
        Assert.Equal("fencing: event 3 (TaskSucceeded) keeps no fencing token", Assert.Single(evidence));
    }

    [Fact]
    public void Liveness_RunNeverCompleted_IsOne()
    {
        var journal = CleanJournal().Take(5).ToList();

        var result = HistoryChecker.Check(Clean() with { Journal = journal, Acknowledged = journal }, Bound);

        Assert.Equal(1, result.Liveness);
        Assert.Null(result.RecoveredIn);
    }

    [Fact]
    public void Liveness_RunInterrupted_SaysWhy()
    {
        var journal = CleanJournal().Take(5).Append(Numbered(new RunInterrupted(At(3), "no task can make progress", null), 6)).ToList();
        var evidence = new List<string>();

        Assert.Equal(1, HistoryChecker.Liveness(Clean() with { Journal = journal, Acknowledged = journal }, Bound, evidence, out _));
        Assert.Contains("interrupted at 08:00:03.000 (event 6): no task can make progress", Assert.Single(evidence), StringComparison.Ordinal);
    }

    [Fact]
    public void Liveness_CompletedLaterThanTheBoundAfterTheLastFaultHealed_IsOne()
    {
        var journal = CleanJournal().ToList();
        journal[5] = Numbered(new RunCompleted(At(45), true), 6);
        var history = Clean() with { Journal = journal, Acknowledged = journal, Faults = [new FaultRecord("scheduler-kill", "scheduler", At(1), At(10))] };

        var result = HistoryChecker.Check(history, Bound);

        Assert.Equal(1, result.Liveness);
        Assert.Equal(TimeSpan.FromSeconds(35), result.RecoveredIn);
    }

    [Fact]
    public void Liveness_CompletedWithinTheBoundOfTheLastHealing_IsZero()
    {
        var journal = CleanJournal().ToList();
        journal[5] = Numbered(new RunCompleted(At(45), true), 6);
        var history = Clean() with { Journal = journal, Acknowledged = journal, Faults = [new FaultRecord("scheduler-kill", "scheduler", At(1), At(20))] };

        Assert.Equal(0, HistoryChecker.Liveness(history, Bound, [], out var recovered));
        Assert.Equal(TimeSpan.FromSeconds(25), recovered);
    }

    [Fact]
    public void Liveness_RunCompletedUnsuccessfully_IsOne()
    {
        var journal = CleanJournal().ToList();
        journal[5] = Numbered(new RunCompleted(At(2.6), false), 6);

        Assert.Equal(1, HistoryChecker.Check(Clean() with { Journal = journal, Acknowledged = journal }, Bound).Liveness);
    }

    [Fact]
    public void Leftovers_MessagesAndProcesses_AreBothCounted()
    {
        var result = HistoryChecker.Check(Clean() with { LeftoverMessages = new Dictionary<string, int> { ["taskmaster-scheduler"] = 2 }, LeftoverProcesses = 1 }, Bound);

        Assert.Equal(3, result.Leftovers);
        Assert.Contains("leftovers: 2 messages left in the broker's queues: taskmaster-scheduler 2", result.Evidence);
        Assert.False(result.Passed);
    }
}
