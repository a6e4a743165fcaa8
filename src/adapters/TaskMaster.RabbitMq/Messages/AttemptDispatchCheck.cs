using TaskMaster.Core.Display;
using TaskMaster.Core.Queue;
using TaskMaster.Core.Runs;

namespace TaskMaster.RabbitMq.Messages;

/// <summary>
/// What a worker checks of a dispatch before it touches anything: the scheduler's dispatches always
/// pass, but anyone with the broker's credentials can publish to the attempts queue, and a dispatch's
/// run and task ids become file paths in the worker's home (its state file is written and deleted
/// there before the scheduler is asked whether the attempt is wanted). A dispatch missing a field, or
/// with an id that could leave the home (<c>../</c>), is refused whole.
/// </summary>
public static class AttemptDispatchCheck
{
    /// <summary>What is wrong with <paramref name="dispatch"/>, naming the field; null when a worker may take it.</summary>
    public static string? Problem(AttemptDispatch dispatch)
    {
        ArgumentNullException.ThrowIfNull(dispatch);
        var task = dispatch.Task;
        return dispatch.DispatchId == Guid.Empty ? "dispatch_id is missing"
            : !RunIds.IsValid(dispatch.RunId) ? $"run_id {Quoted(dispatch.RunId)} is not a run id (letters, digits, '.', '_' and '-', at most {RunIds.MaxLength})"
            : dispatch.TaskIndex < 0 ? $"task_index {dispatch.TaskIndex} is negative"
            : dispatch.Attempt < 1 ? $"attempt {dispatch.Attempt} is not an attempt number (1 or more)"
            : string.IsNullOrEmpty(dispatch.QueueDirectory) || !Path.IsPathFullyQualified(dispatch.QueueDirectory) ? $"queue_directory {Quoted(dispatch.QueueDirectory)} is not an absolute path"
            : task is null ? "task is missing"
            : task.Id is null || !TaskId.IsValid(task.Id) || TaskId.TooLong(task.Id) ? $"task.id {Quoted(task.Id)} is not a task id ({TaskId.Expected}, at most {TaskId.MaxLength})"
            : task.CommandText is null || string.IsNullOrEmpty(task.Shell) ? "task.command_text or task.shell is missing"
            : task.Environment is null || task.SuccessExitCodes is null || task.SuccessFilesExist is null || task.SuccessStdoutContains is null ? "a list of the task is missing"
            : BadVariable(task.Environment) is { } variable ? $"task.environment: {variable} is not a variable name, or its value holds a NUL"
            : !double.IsFinite(task.Cores) || task.Cores < 0 || task.MemoryBytes < 0 ? "task.cores and task.memory_bytes must be 0 or more"
            : task.Timeout is { } timeout && timeout <= TimeSpan.Zero ? $"task.timeout {timeout} is not positive"
            : null;
    }

    /// <summary>The first variable that is not one, quoted; null when every one is.</summary>
    /// <remarks>Not <c>FirstOrDefault(...) is { Key: ... }</c>: a pair is a struct, and the default pair of a list with no bad variable matches that pattern.</remarks>
    private static string? BadVariable(IReadOnlyList<KeyValuePair<string, string>> environment)
    {
        foreach (var variable in environment)
        {
            if (!IsVariable(variable)) return Quoted(variable.Key);
        }
        return null;
    }

    private static bool IsVariable(KeyValuePair<string, string> variable) =>
        variable.Key is { Length: > 0 } key && !char.IsAsciiDigit(key[0]) && key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
        && variable.Value is not null && !variable.Value.Contains('\0', StringComparison.Ordinal);

    private static string Quoted(string? value) => QuotedValue.Of(value);
}

/// <summary>A message no honest sender sends: it is refused whole and never retried (MassTransit moves it to the queue's <c>_error</c> queue).</summary>
public sealed class MalformedMessageException(string message) : Exception(message);
