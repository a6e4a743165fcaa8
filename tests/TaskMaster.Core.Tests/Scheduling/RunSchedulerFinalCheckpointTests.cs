using Microsoft.Extensions.Time.Testing;
using TaskMaster.Core.Events;
using TaskMaster.Core.Scheduling;
using static TaskMaster.Core.Tests.TestQueues;

namespace TaskMaster.Core.Tests.Scheduling;

/// <summary>
/// The checkpoint of a run's end is part of the run's record: asked for once the end is published and
/// journaled when written, so the state (and every view of it) names the same last checkpoint as the summary.
/// </summary>
public sealed class RunSchedulerFinalCheckpointTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
    private readonly EventRecorder _recorder = new();
    private readonly InMemoryEventJournal _journal = new();

    private RunScheduler Scheduler(RecordingCheckpointSource checkpoints)
    {
        var queue = QueueOf(TaskDef("a"), TaskDef("b", "a"));
        var options = new SchedulerOptions { RunId = "run-1", Concurrency = 2, CpuCapacity = 4, MemoryCapacity = 1L << 30 };
        var executor = new ScriptedExecutor(l => TaskAttemptResult.Success(l, 0, TimeSpan.FromSeconds(1)));
        var scheduler = new RunScheduler(queue, options, executor, _journal, [_recorder], _time, checkpoints: checkpoints);
        checkpoints.Scheduler = scheduler;
        return scheduler;
    }

    [Fact]
    public async Task RunAsync_RunCompleted_JournalsTheShutdownCheckpointAfterTheEnd()
    {
        var checkpoints = new RecordingCheckpointSource(QueueOf(TaskDef("a"), TaskDef("b", "a")), _journal, _time);
        var scheduler = Scheduler(checkpoints);

        await scheduler.RunAsync().WaitAsync(Timeout);

        var last = Assert.IsType<CheckpointTaken>(_journal.Events[^1]);
        Assert.IsType<RunCompleted>(_journal.Events[^2]);
        Assert.Equal((RunScheduler.FinalCheckpointReason, _journal.Events[^2].Sequence), (last.Reason, last.JournalPosition));
        Assert.Equal(last, scheduler.State.LastCheckpoint);
        Assert.Equal(last, _recorder.OfType<CheckpointTaken>().Last());
    }

    [Fact]
    public async Task RunAsync_FinalCheckpointFails_JournalsTheFailureAndStillEnds()
    {
        var checkpoints = new RecordingCheckpointSource(QueueOf(TaskDef("a"), TaskDef("b", "a")), _journal, _time) { FailFinal = "disk full" };
        var scheduler = Scheduler(checkpoints);

        await scheduler.RunAsync().WaitAsync(Timeout);

        var failed = Assert.IsType<CheckpointFailed>(_journal.Events[^1]);
        Assert.Equal((RunScheduler.FinalCheckpointReason, "disk full"), (failed.Reason, failed.Error));
        Assert.Equal(Core.State.RunStatus.Completed, scheduler.State.Status);
    }
}
