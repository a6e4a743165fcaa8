using System.Globalization;
using TaskMaster.Core.Scheduling;

namespace TaskMaster.Worker;

/// <summary>
/// The variables a running task sees on top of the executor's own environment: its <c>env</c>
/// pairs, then the <c>TASKMASTER_*</c> ones, which win over a task's pair of the same name.
/// </summary>
internal static class TaskEnvironment
{
    public const string RunId = "TASKMASTER_RUN_ID";
    public const string TaskId = "TASKMASTER_TASK_ID";
    public const string Attempt = "TASKMASTER_ATTEMPT";
    public const string StateFile = "TASKMASTER_STATE_FILE";

    public static IReadOnlyList<KeyValuePair<string, string>> For(TaskLaunch launch, HomeLayout home) =>
    [
        .. launch.Task.Environment,
        new(RunId, launch.RunId),
        new(TaskId, launch.Task.Id),
        new(Attempt, launch.Attempt.ToString(CultureInfo.InvariantCulture)),
        new(StateFile, home.TaskStateFile(launch.RunId, launch.Task.Id)),
        new(HomeLayout.EnvironmentVariable, home.Home),
    ];
}
