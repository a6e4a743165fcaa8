using TaskMaster.Core.Queue;

namespace TaskMaster.RabbitMq.Messages;

/// <summary>
/// What a worker needs of a task to run one attempt of it: the fields the process code reads, and
/// no more (the dependencies, phase and policies stay with the scheduler).
/// </summary>
public sealed record AttemptTask(
    string Id,
    string Title,
    string CommandText,
    string Shell,
    string? WorkingDirectory,
    IReadOnlyList<KeyValuePair<string, string>> Environment,
    TimeSpan? Timeout,
    IReadOnlyList<int> SuccessExitCodes,
    IReadOnlyList<string> SuccessFilesExist,
    IReadOnlyList<string> SuccessStdoutContains,
    double Cores,
    long MemoryBytes)
{
    public static AttemptTask From(TaskDefinition task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return new(task.Id, task.Title, task.Command.Text, task.Command.Shell, task.WorkingDirectory, task.Environment, task.Timeout,
            [.. task.Success.ExitCodes.Order()], task.Success.FilesExist, task.Success.StdoutContains, task.Resources.Cpu, task.Resources.MemoryBytes);
    }

    /// <summary>The task as the worker's process code takes it.</summary>
    public TaskDefinition ToDefinition() => new()
    {
        Id = Id,
        Title = Title,
        Command = new TaskCommand(CommandText, Shell, Line: 0, IsScript: false),
        WorkingDirectory = WorkingDirectory,
        Environment = Environment,
        Timeout = Timeout,
        Success = new SuccessCriteria(new HashSet<int>(SuccessExitCodes), SuccessFilesExist, SuccessStdoutContains),
        Resources = new ResourceRequest(Cores, MemoryBytes),
    };
}
