using TaskMaster.Core.Events;
using TaskMaster.Core.Policies;

namespace TaskMaster.Core.Tests.Events;

/// <summary>One event of every type, every optional field set: what journals and codecs are tested with.</summary>
internal static class SampleEvents
{
    public static readonly DateTimeOffset T = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    public static RunEvent[] All() =>
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
        new RunRolledBack(T, "deploy", 3, "/h/checkpoints/c.json", 41,
            [new TaskReset("deploy", TaskMaster.Core.State.TaskStatus.Ready, 1, 0, 0, null, null)]),
        new CheckpointTaken(T, 4, "interval", "/home/checkpoints/x.json", "/home/checkpoints-mirror/x.json", 12),
        new CheckpointFailed(T, "interval", "No space left on device"),
        new TaskOverridden(T, "a", OverrideAction.Skip, TaskMaster.Core.State.TaskStatus.Failed, 2, "flaky host", ["b"]),
        new RunStopRequested(T, "maintenance window", Emergency: true, ByOperator: true),
        new TasksRetried(T, ["a", "b"], "ops", "fixed the mirror"),
    ];

    /// <summary>Every concrete event type the engine declares: a sample list missing one is caught by the tests that use both.</summary>
    public static IReadOnlySet<Type> DeclaredTypes() =>
        typeof(RunEvent).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(RunEvent)) && !t.IsAbstract).ToHashSet();
}
