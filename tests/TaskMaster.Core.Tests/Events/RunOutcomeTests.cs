using TaskMaster.Core.Events;

namespace TaskMaster.Core.Tests.Events;

public sealed class RunOutcomeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static RunStarted Started(string? resumedFrom = null) => new(T0, "run-1", "q", "/q.md", "hash", 1, 1, false, resumedFrom);

    private static CheckpointTaken Shutdown() => new(T0, 2, "shutdown", "/c.json", null, 3);

    [Fact]
    public void Completed_CompletionFollowedByItsFinalCheckpoint_IsCompleted() =>
        Assert.True(RunOutcome.Completed([Started(), new RunCompleted(T0, Succeeded: false), Shutdown()]));

    [Fact]
    public void Completed_StartedAgainAfterTheCompletion_IsNot() =>
        Assert.False(RunOutcome.Completed([Started(), new RunCompleted(T0, Succeeded: false), Shutdown(), Started(resumedFrom: "c.json")]));

    [Fact]
    public void Completed_Interrupted_IsNot() =>
        Assert.False(RunOutcome.Completed([Started(), new RunInterrupted(T0, "received SIGINT", 2), Shutdown()]));
}
