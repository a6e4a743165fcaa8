using TaskMaster.Core.Events;
using TaskMaster.Core.Policies;
using TaskMaster.Core.ReadModel;
using TaskMaster.Core.Scheduling;
using static TaskMaster.Core.Tests.TestQueues;
using TaskStatus = TaskMaster.Core.State.TaskStatus;

namespace TaskMaster.Core.Tests.ReadModel;

/// <summary>What the live status shows after an operator's stop or override.</summary>
public sealed class RunStatusModelControlTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Snapshot_OperatorStopWhileAttemptsFinish_StoppedWithTheReason()
    {
        await using var run = new StatusRun(QueueOf(TaskDef("a"), TaskDef("b", "a")), _ => null);
        await run.Recorder.WaitFor<TaskStarted>();

        await run.Scheduler.StopAsync(emergency: false, "end of shift").WaitAsync(Limit);

        var report = run.Snapshot();
        Assert.Equal((RunPhase.Stopped, "stopping: end of shift"), (report.State, report.StateReason));
        Assert.Equal(["a"], report.CurrentTasks.Select(t => t.Id));
        run.Executor.Succeed("a");
        await run.Run.WaitAsync(Limit);
        Assert.Equal("stopped by an operator: end of shift", run.Snapshot().StateReason);
    }

    [Fact]
    public async Task Snapshot_OverrideSucceedOfAFailedTask_ShowsItAndTheTasksItUnblocked()
    {
        var queue = QueueOf(TaskDef("a"), TaskDef("b", "a"), TaskDef("c", "b"), TaskDef("keep"));
        await using var run = new StatusRun(queue, l => l.Task.Id == "a"
            ? TaskAttemptResult.Failure(l, TaskFailureKind.ExitCode, "exit code 1", TimeSpan.FromSeconds(1), exitCode: 1)
            : null);
        await run.Recorder.WaitFor<TasksBlocked>();
        Assert.Equal(2, run.Snapshot().TaskCounts.Blocked);

        await run.Scheduler.OverrideAsync("a", OverrideAction.Succeed, null).WaitAsync(Limit);

        var report = run.Snapshot(detailed: true);
        Assert.Equal((0, 0, 1), (report.TaskCounts.Blocked, report.TaskCounts.Failed, report.TaskCounts.Succeeded));
        var states = report.Tasks!.ToDictionary(t => t.Id, t => t.State);
        Assert.Equal(TaskStatus.Succeeded, states["a"]);
        Assert.Contains(states["b"], new[] { TaskStatus.Ready, TaskStatus.Running });
        Assert.DoesNotContain("c", states.Where(s => s.Value == TaskStatus.Blocked).Select(s => s.Key));
    }
}
