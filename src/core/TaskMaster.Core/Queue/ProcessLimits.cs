using System.Text;

namespace TaskMaster.Core.Queue;

/// <summary>
/// What the kernel lets a task's process be started with (execve): each argument and each
/// environment entry at most 128 KiB, all together at most a share of <c>ARG_MAX</c> (2 MiB
/// with the usual 8 MiB stack). A task past them could never start: every attempt would be an
/// executor fault, so the queue is refused instead.
/// </summary>
internal static class ProcessLimits
{
    /// <summary>MAX_ARG_STRLEN (32 pages of 4 KiB) less the terminating NUL: a command, or one <c>KEY=value</c>.</summary>
    public const int MaxEntryBytes = 128 * 1024 - 1;

    /// <summary>The command and the task's <c>env</c> together; the other half of ARG_MAX is left for the executor's own environment.</summary>
    public const int MaxTotalBytes = 1024 * 1024;

    /// <summary>Every limit the task breaks, each as one message (the total only when no part alone is too big).</summary>
    public static IEnumerable<(int Line, string Message)> Problems(TaskDefinition task, int envLine)
    {
        var problems = new List<(int, string)>();
        var commandBytes = Encoding.UTF8.GetByteCount(task.Command.Text);
        if (commandBytes > MaxEntryBytes)
            problems.Add((task.Command.Line, $"task `{task.Id}`: its command is {commandBytes:N0} bytes; at most {MaxEntryBytes:N0} (128 KiB, what the system lets one argument of a process be): put it in a script file and run that"));
        var total = commandBytes;
        foreach (var (key, value) in task.Environment)
        {
            var bytes = Encoding.UTF8.GetByteCount(key) + 1 + Encoding.UTF8.GetByteCount(value);
            total += bytes;
            if (bytes > MaxEntryBytes)
                problems.Add((envLine, $"task `{task.Id}`: `env` variable `{key}` is {bytes:N0} bytes; at most {MaxEntryBytes:N0} (128 KiB, what the system lets one variable of a process be)"));
        }
        if (problems.Count == 0 && total > MaxTotalBytes)
            problems.Add((task.Line, $"task `{task.Id}`: its command and `env` come to {total:N0} bytes; at most {MaxTotalBytes:N0} (1 MiB) together, or the system cannot start it"));
        return problems;
    }
}
