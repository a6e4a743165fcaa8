using TaskMaster.Core.Events;
using TaskMaster.Core.Policies;

namespace TaskMaster.Core.Tests.Events;

public sealed class RunEventJsonTests
{
    private static readonly DateTimeOffset T = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<RunEvent> Events() =>
    [
        new RunStarted(T, "run-1", "q", "/q.md", "abc", 3, 2, true, "cp.json"),
        new TaskStarted(T, "a", 1),
        new TaskProgressed(T, "a", 1, 42.5, "half"),
        new TaskSucceeded(T, "a", 1, 0, TimeSpan.FromMilliseconds(1500)),
        new TaskFailed(T, "a", 2, TaskFailureClass.Transient, TaskFailureKind.Timeout, null, null, TimeSpan.FromSeconds(3), "timed out", ["x", "y"], true),
        new TaskRetryScheduled(T, "a", 3, TimeSpan.FromSeconds(2), T.AddSeconds(2)),
        new TasksBlocked(T, "a", ["b", "c"]),
        new TaskCancelled(T, "a", 1, "stopped"),
        new RunPaused(T, "critical", false),
        new RunResumed(T, "operator", true),
        new ExecutorFaulted(T, "disk full", "a"),
        new RunInterrupted(T, "SIGINT", 2),
        new RunCompleted(T, true),
    ];

    [Theory]
    [MemberData(nameof(Events))]
    public void Serialize_ThenDeserialize_GivesTheSameEvent(RunEvent original)
    {
        original.Sequence = 7;

        var back = RunEventJson.Deserialize(RunEventJson.Serialize(original));

        Assert.Equal(original.GetType(), back.GetType());
        Assert.Equal(7, back.Sequence);
        Assert.Equal(RunEventJson.Serialize(original), RunEventJson.Serialize(back));
    }

    [Fact]
    public void Serialize_NamesTheEventTypeInTheJson()
    {
        var json = System.Text.Encoding.UTF8.GetString(RunEventJson.Serialize(new TaskStarted(T, "a", 1)));

        Assert.Contains("\"type\":\"TaskStarted\"", json);
        Assert.Contains("\"taskId\":\"a\"", json);
    }

    [Fact]
    public void Deserialize_UnknownType_Throws()
    {
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => RunEventJson.Deserialize("{\"type\":\"Nope\"}"u8));
    }
}
