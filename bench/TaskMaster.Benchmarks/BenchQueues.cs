using System.Globalization;
using TaskMaster.Core.Queue;

namespace TaskMaster.Benchmarks;

/// <summary>The shapes of the generated queue files (<see cref="BenchQueues.WriteMarkdown"/>).</summary>
internal enum QueueShape
{
    /// <summary>Tasks without dependencies, no phases.</summary>
    Independent,

    /// <summary>
    /// A wide DAG in phases (<c>## Phase k</c>): every task of a phase after the first depends on a few
    /// tasks of the phase before it.
    /// </summary>
    Phased,
}

/// <summary>
/// Queues of identical <c>true</c> tasks: built in memory (no parsing) so that only running them is
/// measured, or written as a queue file for the real CLI (also linked into the CLI's tests).
/// </summary>
internal static class BenchQueues
{
    /// <summary>Phases of a <see cref="QueueShape.Phased"/> queue unless told otherwise.</summary>
    public const int DefaultPhases = 10;

    /// <summary>How many tasks of the phase before each task of a <see cref="QueueShape.Phased"/> queue depends on.</summary>
    public const int FanIn = 3;

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

    /// <summary>
    /// Writes a queue file of <paramref name="count"/> tasks running <paramref name="command"/>, streamed
    /// (a million tasks are ~50 MB of Markdown). A <see cref="QueueShape.Phased"/> queue has
    /// <paramref name="phases"/> phases of equal width (the last takes the remainder), each task's
    /// dependencies spread over the phase before it.
    /// </summary>
    public static void WriteMarkdown(string path, QueueShape shape, int count, string command = "true", int phases = DefaultPhases) =>
        WriteMarkdown(path, shape, count, _ => Invariant($"- run: `{command}`\n"), Invariant($"{count} `{command}` tasks"), phases);

    /// <summary>
    /// As above, each task's field lines (<c>- run: …</c> and any others, each ending with a newline)
    /// given by <paramref name="fieldsOf"/> from the task's index in the whole queue (from 0).
    /// </summary>
    public static void WriteMarkdown(string path, QueueShape shape, int count, Func<int, string> fieldsOf, string description, int phases = DefaultPhases)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (shape == QueueShape.Independent) phases = 1;
        phases = Math.Clamp(phases, 1, count);
        using var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false), bufferSize: 1 << 16);
        var name = shape == QueueShape.Independent ? "independent" : "phased";
        writer.Write(Invariant($"# Queue: {name}-{count}\n\nGenerated: {description}.\n\n"));
        var width = count / phases;
        for (var phase = 0; phase < phases; phase++)
        {
            var size = phase == phases - 1 ? count - width * (phases - 1) : width;
            if (shape == QueueShape.Phased) writer.Write(Invariant($"## Phase {phase + 1}: phase {phase + 1}\n\n"));
            for (var i = 0; i < size; i++)
            {
                writer.Write(Invariant($"### {TaskId(shape, phase, i)}: task {i}\n"));
                writer.Write(fieldsOf(phase * width + i));
                if (phase > 0) writer.Write(Invariant($"- depends: {Dependencies(phase, i, width)}\n"));
                writer.Write('\n');
            }
        }
    }

    /// <summary>The id of the <paramref name="index"/>-th task of a phase (from 0), as <see cref="WriteMarkdown"/> names it.</summary>
    public static string TaskId(QueueShape shape, int phase, int index) =>
        shape == QueueShape.Independent ? Invariant($"t{index}") : Invariant($"p{phase + 1}-t{index}");

    // Consecutive tasks of the phase before, wrapping round: every task there has FanIn dependents.
    private static string Dependencies(int phase, int index, int previousWidth) =>
        string.Join(", ", Enumerable.Range(0, Math.Min(FanIn, previousWidth))
            .Select(k => TaskId(QueueShape.Phased, phase - 1, (index + k) % previousWidth)));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
