using TaskMaster.Core.Checkpoints;
using TaskMaster.Core.Events;
using TaskMaster.Core.Tests.Scheduling;

namespace TaskMaster.Core.Tests.Checkpoints;

public sealed class CheckpointBuilderTests
{
    private static async Task<CheckpointDocument> BuildMidRunAsync()
    {
        var state = (await MidRun.RecordAsync()).Fold();
        return CheckpointBuilder.Build(state, CheckpointContexts.Plain(3, MidRun.Start, reason: "manual"));
    }

    [Fact]
    public async Task Build_MidRun_ListsTasksByWhereTheyAre()
    {
        var execution = (await BuildMidRunAsync()).ExecutionState;

        Assert.Equal(["setup", "docs"], execution.CompletedTasks);
        Assert.Equal(["build"], execution.RunningTasks);
        Assert.Equal(["fetch", "package"], execution.PendingTasks);
        Assert.Equal(["lint"], execution.FailedTasks);
        Assert.Equal(["report", "publish"], execution.BlockedTasks);
        Assert.Empty(execution.SkippedTasks);
        Assert.Equal("build", execution.CurrentTaskId);
    }

    [Fact]
    public async Task Build_MidRun_AllocatesResourcesToRunningTasksOnly()
    {
        var allocations = (await BuildMidRunAsync()).ExecutionState.ResourceAllocations;

        var build = Assert.Single(allocations.ByTask);
        Assert.Equal("build", build.Key);
        Assert.Equal(new TaskAllocation(MidRun.BuildResources.Cpu, MidRun.BuildResources.MemoryBytes), build.Value);
        Assert.Equal((MidRun.BuildResources.Cpu, MidRun.BuildResources.MemoryBytes), (allocations.CpuAllocated, allocations.MemoryAllocatedBytes));
    }

    [Fact]
    public async Task Build_MidRun_SaysWhatRunsAgainOnResume()
    {
        var document = await BuildMidRunAsync();

        var recovery = document.RecoveryInformation;
        Assert.Equal(["build"], recovery.RerunOnResume);
        var timer = Assert.Single(recovery.RetryTimers);
        Assert.Equal(("fetch", 2), (timer.TaskId, timer.NextAttempt));
        Assert.Equal(document.ExecutionState.Tasks.Single(t => t.Id == "fetch").NextRetryAt, timer.DueAt);
    }

    [Fact]
    public async Task Build_MidRun_CoversTheJournalUpToTheLastEventFolded()
    {
        var run = await MidRun.RecordAsync();

        var document = CheckpointBuilder.Build(run.Fold(), CheckpointContexts.Plain(3, MidRun.Start));

        Assert.Equal(run.Events[^1].Sequence, document.Journal.Position);
        Assert.Equal(run.Events.Count, document.Journal.Position);
        Assert.Equal((MidRun.RunId, 3L), (document.RunId, document.Sequence));
        Assert.Equal(2, document.ErrorLog.Count);
    }

    [Fact]
    public async Task Build_FailedCheckpointInErrorLog_WritesACriticalEntryWithTheError()
    {
        var state = (await MidRun.RecordAsync()).Fold();
        state.Apply(new CheckpointFailed(MidRun.Start, "interval", "No space left on device") { Sequence = state.LastSequence + 1 });

        var entry = CheckpointBuilder.Build(state, CheckpointContexts.Plain(3, MidRun.Start)).ErrorLog[^1];

        Assert.Equal(("critical", "No space left on device", null), (entry.Class, entry.Reason, entry.TaskId));
    }
}
