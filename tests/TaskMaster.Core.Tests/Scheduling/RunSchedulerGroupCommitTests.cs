using TaskMaster.Core.Events;
using TaskMaster.Core.Queue;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.State;
using static TaskMaster.Core.Tests.TestQueues;

namespace TaskMaster.Core.Tests.Scheduling;

/// <summary>
/// The step discipline with a slow fsync: nothing is shown or started before the flush that makes it
/// durable returns, and what arrives while a flush is held is made durable together by the next one.
/// </summary>
public sealed class RunSchedulerGroupCommitTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly ObservedTimeProvider _time = new(MidRun.Start);
    private readonly EventRecorder _recorder = new();
    private readonly HeldEventJournal _journal = new();
    private readonly List<string> _notDurableWhenActedOn = [];

    [Fact]
    public async Task RunAsync_FlushHeld_NothingIsObservedOrStartedUntilItReturns()
    {
        var executor = Executor();
        var run = Scheduler(executor, TaskDef("a"), TaskDef("b")).RunAsync();

        await _journal.FlushAsked.WaitAsync(Timeout);
        Assert.Empty(executor.Launches);
        Assert.Empty(_recorder.Events);

        _journal.Release();
        await executor.WaitForLaunch(2).Task.WaitAsync(Timeout);
        Assert.Equal(["a", "b"], executor.Launches.Select(l => l.Task.Id).Order());
        Assert.Contains(_recorder.Events, e => e is TaskStarted);
        Assert.Empty(_notDurableWhenActedOn);

        _journal.Open();
        executor.Succeed("a");
        executor.Succeed("b");
        Assert.Equal(RunStatus.Completed, (await run.WaitAsync(Timeout)).Status);
        Assert.Empty(_notDurableWhenActedOn);
    }

    [Fact]
    public async Task RunAsync_ResultsArriveWhileAFlushIsHeld_TheNextFlushCoversThemAllAndNoneIsShownBefore()
    {
        var executor = Executor();
        var run = Scheduler(executor, TaskDef("a"), TaskDef("b"), TaskDef("c")).RunAsync();
        await _journal.FlushAsked.WaitAsync(Timeout);
        _journal.Release();
        await executor.WaitForLaunch(3).Task.WaitAsync(Timeout);

        executor.Succeed("a");
        await _journal.FlushAsked.WaitAsync(Timeout);
        executor.Succeed("b");
        executor.Succeed("c");
        Assert.DoesNotContain(_recorder.Events, e => e is TaskSucceeded);

        _journal.Open();
        Assert.Equal(RunStatus.Completed, (await run.WaitAsync(Timeout)).Status);

        Assert.Equal(["a"], _journal.Flushes[1].OfType<TaskSucceeded>().Select(e => e.TaskId));
        Assert.Equal(["b", "c"], _journal.Flushes[2].OfType<TaskSucceeded>().Select(e => e.TaskId).Order());
        Assert.Empty(_notDurableWhenActedOn);
    }

    private ScriptedExecutor Executor() => new(launch =>
    {
        if (!_journal.IsDurable(e => e is TaskStarted s && s.TaskId == launch.Task.Id && s.Attempt == launch.Attempt))
            _notDurableWhenActedOn.Add($"started {launch.Task.Id}");
        return null;
    });

    private RunScheduler Scheduler(ScriptedExecutor executor, params TaskDefinition[] tasks) =>
        new(QueueOf(tasks), new SchedulerOptions { RunId = "run-1", Concurrency = tasks.Length, CpuCapacity = tasks.Length, MemoryCapacity = 1L << 30, Autonomous = true },
            executor, _journal, [_recorder, new DurabilityCheck(this)], _time);

    private sealed class DurabilityCheck(RunSchedulerGroupCommitTests test) : IRunObserver
    {
        public void OnEvent(RunEvent e, RunState state)
        {
            if (e.Sequence > test._journal.DurableSequence) test._notDurableWhenActedOn.Add($"shown {e.GetType().Name} {e.Sequence}");
        }
    }
}
