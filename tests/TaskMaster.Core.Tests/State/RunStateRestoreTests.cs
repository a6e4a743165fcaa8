using TaskMaster.Core.Checkpoints;
using TaskMaster.Core.Events;
using TaskMaster.Core.State;
using TaskMaster.Core.Tests.Checkpoints;
using TaskMaster.Core.Tests.Scheduling;
using TaskStatus = TaskMaster.Core.State.TaskStatus;

namespace TaskMaster.Core.Tests.State;

public sealed class RunStateRestoreTests
{
    /// <summary>State → document → file bytes → document → state, as a resume reads it.</summary>
    private static RunState RoundTrip(RunState state)
    {
        var document = CheckpointBuilder.Build(state, CheckpointContexts.Plain(1, MidRun.Start));
        var decoded = CheckpointCodec.Decode(CheckpointCodec.Encode(document));
        Assert.True(decoded.IsValid, decoded.ToString());
        return RunState.Restore(state.Queue, decoded.Document);
    }

    [Fact]
    public async Task Restore_MidRunCheckpoint_EqualsTheStateItWasBuiltFrom()
    {
        var original = (await MidRun.RecordAsync()).Fold();

        var restored = RoundTrip(original);

        RunStateSnapshot.AssertSame(original, restored);
    }

    [Fact]
    public async Task Restore_CheckpointOfARunThatEnded_KeepsWhenItEnded()
    {
        var ended = (await MidRun.RecordAsync()).Fold();
        ended.Apply(new RunInterrupted(MidRun.Start.AddMinutes(5), "received SIGINT", 2));

        var restored = RoundTrip(ended);

        Assert.Equal((RunStatus.Interrupted, MidRun.Start.AddMinutes(5)), (restored.Status, restored.EndedAt));
        RunStateSnapshot.AssertSame(ended, restored);
    }

    [Fact]
    public async Task Restore_MidRunCheckpoint_KeepsEveryKindOfTaskState()
    {
        var restored = RoundTrip((await MidRun.RecordAsync()).Fold());

        Assert.Equal(
            [TaskStatus.Succeeded, TaskStatus.Running, TaskStatus.RetryWaiting, TaskStatus.Failed, TaskStatus.Blocked, TaskStatus.Blocked, TaskStatus.Succeeded, TaskStatus.Pending],
            restored.Tasks.Select(t => t.Status));
        Assert.Equal(("lint", "lint"), (restored.Task("report").BlockedBy, restored.Task("publish").BlockedBy));
        Assert.NotNull(restored.Task("fetch").NextRetryAt);
    }

    [Fact]
    public async Task Restore_ThenTheSameEvents_FoldsLikeTheOriginal()
    {
        var original = (await MidRun.RecordAsync()).Fold();
        var restored = RoundTrip(original);
        var next = new TaskSucceeded(MidRun.Start.AddMinutes(1), "build", 1, 0, TimeSpan.FromMinutes(1)) { Sequence = original.LastSequence + 1 };

        original.Apply(next);
        restored.Apply(next);

        RunStateSnapshot.AssertSame(original, restored);
        Assert.Equal(TaskStatus.Ready, restored.Task("package").Status);
        Assert.True(restored.TryDequeueReady(out var ready));
        Assert.Equal("package", restored.Queue.Tasks[ready].Id);
    }

    [Fact]
    public async Task Restore_CheckpointOfAnotherQueue_ThrowsNamingBothHashes()
    {
        var state = (await MidRun.RecordAsync()).Fold();
        var document = CheckpointBuilder.Build(state, CheckpointContexts.Plain(1, MidRun.Start));
        var changed = state.Queue with { ContentHash = "0000aaaabbbb" };

        var error = Assert.Throws<ArgumentException>(() => RunState.Restore(changed, document));

        Assert.Contains(state.Queue.ContentHash, error.Message, StringComparison.Ordinal);
        Assert.Contains("0000aaaabbbb", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_FailedCheckpointInErrorLog_KeepsItAsACheckpointFailureWithItsError()
    {
        var original = (await MidRun.RecordAsync()).Fold();
        original.Apply(new CheckpointFailed(MidRun.Start, "interval", "No space left on device") { Sequence = original.LastSequence + 1 });

        var restored = RoundTrip(original);

        var failure = Assert.IsType<CheckpointFailed>(restored.ErrorLog.Last());
        Assert.Equal("No space left on device", failure.Error);
        RunStateSnapshot.AssertSame(original, restored);
    }
}
