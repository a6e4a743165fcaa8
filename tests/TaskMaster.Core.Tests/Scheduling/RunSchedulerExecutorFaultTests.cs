using Microsoft.Extensions.Time.Testing;
using TaskMaster.Core.Events;
using TaskMaster.Core.Policies;
using TaskMaster.Core.Queue;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.State;
using static TaskMaster.Core.Tests.TestQueues;

namespace TaskMaster.Core.Tests.Scheduling;

/// <summary>Executor faults (the executor failed, not the task): tried again a bounded number of times, never a wait for an operator.</summary>
public sealed class RunSchedulerExecutorFaultTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
    private readonly EventRecorder _recorder = new();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RunAsync_FaultRecursOnTheSameTask_FailsItAfterBoundedTriesBlocksItsDependentsAndNeverPauses(bool autonomous)
    {
        var queue = QueueOf(TaskDef("long") with { Retries = 5 }, TaskDef("after", "long"), TaskDef("other"));
        var executor = new ScriptedExecutor(l => l.Task.Id == "long"
            ? TaskAttemptResult.Failure(l, TaskFailureKind.ExecutorError, "path too long", TimeSpan.Zero)
            : TaskAttemptResult.Success(l, 0, TimeSpan.FromSeconds(1)));
        var run = Scheduler(queue, executor, autonomous).RunAsync();

        for (var attempt = 2; attempt <= 4; attempt++)
        {
            var scheduled = await _recorder.WaitFor<TaskRetryScheduled>(r => r.NextAttempt == attempt);
            _time.Advance(scheduled.Delay);
        }
        var summary = await run.WaitAsync(Timeout);

        Assert.Empty(_recorder.OfType<RunPaused>());
        Assert.Equal(4, executor.Launches.Count(l => l.Task.Id == "long"));
        var last = _recorder.OfType<TaskFailed>().Last();
        Assert.False(last.WillRetry);
        Assert.Equal("path too long (4 executor faults on this task; not tried again)", last.Reason);
        Assert.Equal(["after"], _recorder.OfType<TasksBlocked>().Single().TaskIds);
        Assert.Equal((RunStatus.Failed, 1, 1, 1), (summary.Status, summary.Failed, summary.Blocked, summary.Succeeded));
    }

    [Fact]
    public async Task RunAsync_FaultThatPasses_TaskSucceedsWithoutAPause()
    {
        var executor = new ScriptedExecutor(l => l.Attempt == 1
            ? TaskAttemptResult.Failure(l, TaskFailureKind.ExecutorError, "No space left on device", TimeSpan.Zero)
            : TaskAttemptResult.Success(l, 0, TimeSpan.FromSeconds(1)));
        var run = Scheduler(QueueOf(TaskDef("t")), executor, autonomous: false).RunAsync();

        _time.Advance((await _recorder.WaitFor<TaskRetryScheduled>()).Delay);
        var summary = await run.WaitAsync(Timeout);

        Assert.Empty(_recorder.OfType<RunPaused>());
        Assert.Equal(RunStatus.Completed, summary.Status);
    }

    private RunScheduler Scheduler(QueueDefinition queue, ITaskExecutor executor, bool autonomous)
    {
        var options = new SchedulerOptions
        {
            RunId = "run-1", Concurrency = 4, CpuCapacity = 64, MemoryCapacity = 1L << 40, Autonomous = autonomous,
            MaxExecutorFaultsPerTask = 3, ExecutorFaultCooldown = TimeSpan.FromSeconds(5),
        };
        return new RunScheduler(queue, options, executor, new InMemoryEventJournal(), [_recorder], _time);
    }
}
