using TaskMaster.Core.Events;
using TaskMaster.Core.Queue;
using TaskMaster.Core.Scheduling;
using static TaskMaster.Core.Tests.TestQueues;

namespace TaskMaster.Core.Tests.Scheduling;

/// <summary>A run whose journal refuses its scheduler for good (another scheduler leads), or that its scheduler gives up.</summary>
public sealed class RunSchedulerFencingTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly ObservedTimeProvider _time = new(DateTimeOffset.Parse("2026-12-03T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly EventRecorder _recorder = new();

    private RunScheduler Scheduler(QueueDefinition queue, ITaskExecutor executor, IEventJournal journal) =>
        new(queue, new SchedulerOptions { RunId = "run-1", Concurrency = 2, CpuCapacity = 4, MemoryCapacity = 1L << 30 },
            executor, journal, [_recorder], _time);

    [Fact]
    public async Task RunAsync_JournalFencedMidRun_EndsAtOnceWithoutRetryingPublishingOrCancelling()
    {
        var journal = new FailingEventJournal(failing: false, () => new JournalFencedException("TMFENCED the run is held by fencing token 2"));
        var executor = new ScriptedExecutor(_ => null);
        var scheduler = Scheduler(QueueOf(TaskDef("a"), TaskDef("b", "a")), executor, journal);
        var run = scheduler.RunAsync();
        var launch = await executor.WaitForLaunch(1).Task.WaitAsync(Timeout);
        var published = _recorder.Events.Count;

        journal.Failing = true;
        ((ITaskReporter)scheduler).Completed(TaskAttemptResult.Success(launch, 0, TimeSpan.FromMilliseconds(1)));
        var summary = await run.WaitAsync(Timeout);

        Assert.True(scheduler.Fenced);
        Assert.Equal(1, journal.FailedFlushes);
        // The success it could not journal is seen by nobody, and nothing else starts or is cancelled.
        Assert.Equal(published, _recorder.Events.Count);
        Assert.Single(executor.Launches);
        Assert.Empty(executor.Cancelled);
        Assert.DoesNotContain(journal.Durable, e => e is RunInterrupted or RunCompleted or TaskSucceeded);
        Assert.Equal(Core.State.RunStatus.Running, summary.Status);
    }

    [Fact]
    public async Task Relinquish_WhileATaskRuns_EndsTheLoopWritingNothingMore()
    {
        var journal = new FailingEventJournal(failing: false);
        var executor = new ScriptedExecutor(_ => null);
        var scheduler = Scheduler(QueueOf(TaskDef("a")), executor, journal);
        var run = scheduler.RunAsync();
        await executor.WaitForLaunch(1).Task.WaitAsync(Timeout);
        var durable = journal.Durable.Count;

        scheduler.Relinquish("another scheduler leads");
        await run.WaitAsync(Timeout);

        Assert.True(scheduler.Fenced);
        Assert.Equal(durable, journal.Durable.Count);
        Assert.DoesNotContain(_recorder.Events, e => e is RunInterrupted or RunCompleted or TaskCancelled);
    }
}
