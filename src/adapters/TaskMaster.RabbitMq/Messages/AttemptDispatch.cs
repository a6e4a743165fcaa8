namespace TaskMaster.RabbitMq.Messages;

/// <summary>
/// An attempt to run, sent by the scheduler to the attempts queue, which every worker consumes.
/// <see cref="DispatchId"/> names this sending of the attempt: every message about it carries it, so
/// a late or duplicate message of another sending is told apart.
/// </summary>
/// <param name="DispatchId">Unique per sending.</param>
/// <param name="RunId">The run.</param>
/// <param name="TaskIndex">The task's index in the run's queue.</param>
/// <param name="Attempt">1 for the first attempt.</param>
/// <param name="Task">What to run.</param>
/// <param name="QueueDirectory">The queue file's folder, seen at the same path on every worker (a shared volume).</param>
/// <param name="StateFile">The task's state file as the last attempt left it, if it has one: the next attempt continues from it.</param>
public sealed record AttemptDispatch(
    Guid DispatchId, string RunId, int TaskIndex, int Attempt, AttemptTask Task, string QueueDirectory, byte[]? StateFile);
