using TaskMaster.Core.Queue;

namespace TaskMaster.Core.Tests;

/// <summary>Builds queue models in code, for tests of the engine that do not exercise the parser.</summary>
internal static class TestQueues
{
    public static TaskDefinition TaskDef(string id, params string[] dependsOn) => new()
    {
        Id = id,
        Title = id,
        Command = new TaskCommand("true", TaskCommand.DefaultShell, 1, IsScript: false),
        DependsOn = dependsOn,
    };

    public static QueueDefinition QueueOf(params TaskDefinition[] tasks) =>
        new("test", "", "/tmp/task-queue.md", null, [], tasks, "hash");

    /// <summary>a → (b, c) → d.</summary>
    public static QueueDefinition Diamond() =>
        QueueOf(TaskDef("a"), TaskDef("b", "a"), TaskDef("c", "a"), TaskDef("d", "b", "c"));
}
