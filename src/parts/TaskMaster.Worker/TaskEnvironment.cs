using System.Globalization;
using TaskMaster.Core.Scheduling;
using TaskMaster.LocalHome;

namespace TaskMaster.Worker;

/// <summary>
/// The variables a running task sees on top of the executor's own environment: its <c>env</c>
/// pairs, then the <c>TASKMASTER_*</c> ones, which win over a task's pair of the same name.
/// </summary>
/// <remarks>
/// <see cref="AttemptId"/> is how the executor recognises the attempt's processes (after its own
/// crash, or without cgroups): every process a task starts inherits it unless the task clears it.
/// </remarks>
internal static class TaskEnvironment
{
    public const string RunId = "TASKMASTER_RUN_ID";
    public const string TaskId = "TASKMASTER_TASK_ID";
    public const string Attempt = "TASKMASTER_ATTEMPT";
    public const string StateFile = "TASKMASTER_STATE_FILE";
    public const string AttemptId = "TASKMASTER_ATTEMPT_ID";

    public static IReadOnlyList<KeyValuePair<string, string>> For(TaskLaunch launch, HomeLayout home, string attemptId) =>
    [
        .. launch.Task.Environment,
        new(RunId, launch.RunId),
        new(TaskId, launch.Task.Id),
        new(Attempt, launch.Attempt.ToString(CultureInfo.InvariantCulture)),
        new(StateFile, home.TaskStateFile(launch.RunId, launch.Task.Id)),
        new(HomeLayout.EnvironmentVariable, home.Home),
        new(AttemptId, attemptId),
    ];

    /// <summary>The whole environment block of a task: the executor's own variables, overlaid with <paramref name="variables"/>.</summary>
    public static List<string> Block(IReadOnlyList<KeyValuePair<string, string>> variables)
    {
        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
            merged[(string)entry.Key] = entry.Value as string ?? "";
        foreach (var (name, value) in variables) merged[name] = value;
        var block = new List<string>(merged.Count);
        foreach (var (name, value) in merged) block.Add(string.Concat(name, "=", value));
        return block;
    }
}
