using TaskMaster.Core.ReadModel;
using TaskStatus = TaskMaster.Core.State.TaskStatus;

namespace TaskMaster.Core.Tests.ReadModel;

/// <summary>Reports with every field set, for the tests of their JSON and gRPC forms.</summary>
internal static class RunStatusSamples
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    public static RunStatusReport Full() => new()
    {
        RunId = "run-1",
        State = RunPhase.Paused,
        StateReason = "waiting for an operator",
        Live = true,
        Queue = new QueueRef("nightly", "/work/task-queue.md"),
        StartedAt = At,
        Progress = new ProgressFigures(42.5, 3, 8),
        TaskCounts = new TaskCounts(8, 1, 1, 1, 1, 2, 1, 1, 0),
        CurrentTasks = [new CurrentTask("build", "Build it", 40, "compiling", 2, 3, At.AddSeconds(5))],
        EtaSeconds = 12.5,
        AutonomyScore = 0.75,
        ErrorRate = 0.25,
        LastCheckpoint = new CheckpointRef(At.AddSeconds(1), "/home/checkpoints/1.json"),
        MonitorUrl = "http://127.0.0.1:8080/",
        Tasks =
        [
            new TaskDetail("fetch", TaskStatus.RetryWaiting, 1, "exit code 75", null, At.AddSeconds(2), At.AddSeconds(3.5), 1.5),
            new TaskDetail("report", TaskStatus.Blocked, 0, null, "lint", null, null, null),
        ],
        RecentErrors =
        [
            new RecentError(At.AddSeconds(3), ErrorKind.Permanent, "lint", 1, "exit code 1"),
            new RecentError(At.AddSeconds(2), ErrorKind.CheckpointFailed, null, null, "disk full"),
        ],
        Resources = new ResourceUsage(12.5, 100L << 20, 200L << 20, 50, 4096, null),
    };
}
