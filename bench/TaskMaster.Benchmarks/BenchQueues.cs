using TaskMaster.Core.Queue;

namespace TaskMaster.Benchmarks;

/// <summary>Queues of identical <c>true</c> tasks, built in memory (no parsing) so that only running them is measured.</summary>
internal static class BenchQueues
{
    /// <summary><paramref name="count"/> tasks without dependencies.</summary>
    public static QueueDefinition Independent(int count, string sourcePath = "/tmp/bench/task-queue.md") =>
        Build(count, chain: false, sourcePath);

    /// <summary><paramref name="count"/> tasks, each depending on the one before it: nothing can run in parallel.</summary>
    public static QueueDefinition Chain(int count, string sourcePath = "/tmp/bench/task-queue.md") =>
        Build(count, chain: true, sourcePath);

    private static QueueDefinition Build(int count, bool chain, string sourcePath)
    {
        var command = new TaskCommand("true", TaskCommand.DefaultShell, 1, false);
        var tasks = new TaskDefinition[count];
        for (var i = 0; i < count; i++)
        {
            tasks[i] = new TaskDefinition
            {
                Id = $"t{i}",
                Title = $"task {i}",
                Command = command,
                DependsOn = chain && i > 0 ? [$"t{i - 1}"] : [],
            };
        }
        return new QueueDefinition(chain ? "chain" : "independent", "", sourcePath, null, [], tasks, "bench");
    }
}
