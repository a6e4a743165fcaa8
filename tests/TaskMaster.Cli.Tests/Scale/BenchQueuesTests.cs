using TaskMaster.Benchmarks;
using TaskMaster.Benchmarks.Soak;
using TaskMaster.Cli.Tests.Support;
using TaskMaster.Core.Queue;

namespace TaskMaster.Cli.Tests.Scale;

/// <summary>The generated queues the scale and soak benchmarks run: their shapes, parsed as the CLI parses them.</summary>
public sealed class BenchQueuesTests : IDisposable
{
    private readonly QueueWorkspace _workspace = new("");

    [Fact]
    public void WriteMarkdown_Independent_TasksWithoutDependenciesOrPhases()
    {
        var queue = Parse(QueueShape.Independent, 1_000);

        Assert.Equal(1_000, queue.Tasks.Count);
        Assert.All(queue.Tasks, t => Assert.Empty(t.DependsOn));
        Assert.Empty(queue.Phases);
        Assert.Equal("t999", queue.Tasks[^1].Id);
    }

    [Fact]
    public void WriteMarkdown_Phased_EachTaskDependsOnFanInTasksOfThePhaseBefore()
    {
        var queue = Parse(QueueShape.Phased, 1_005);

        Assert.Equal(1_005, queue.Tasks.Count);
        Assert.Equal(BenchQueues.DefaultPhases, queue.Phases.Count);
        var phases = queue.Phases.Select(p => p.Name).ToList();
        var phaseOf = queue.Tasks.ToDictionary(t => t.Id, t => t.Phase);
        var first = phases[0];
        Assert.All(queue.Tasks.Where(t => t.Phase == first), t => Assert.Empty(t.DependsOn));
        foreach (var task in queue.Tasks.Where(t => t.Phase != first))
        {
            Assert.Equal(BenchQueues.FanIn, task.DependsOn.Count);
            var before = phases[phases.IndexOf(task.Phase!) - 1];
            Assert.All(task.DependsOn, d => Assert.Equal(before, phaseOf[d]));
        }
        // The last phase takes the remainder; every task of the phases before has dependents.
        Assert.Equal(105, queue.Tasks.Count(t => t.Phase == phases[^1]));
        var depended = queue.Tasks.SelectMany(t => t.DependsOn).ToHashSet();
        Assert.All(queue.Tasks.Where(t => t.Phase != phases[^1]), t => Assert.Contains(t.Id, depended));
    }

    [Fact]
    public void WriteMarkdown_Phased_FewerTasksThanPhases_OnePhasePerTask()
    {
        var queue = Parse(QueueShape.Phased, 3);

        Assert.Equal(["p1-t0", "p2-t0", "p3-t0"], queue.Tasks.Select(t => t.Id));
        Assert.Equal(["p2-t0"], queue.Tasks[2].DependsOn);
    }

    [Fact]
    public void SoakQueue_TenthFailOnceAFewForGood_SpreadOverTheQueueAndParsedAsTheCliParsesThem()
    {
        var options = SoakOptions.Default with { Tasks = 10_000, FailPermanent = 7 };
        new SoakQueue(options).Write(_workspace.QueueFile);

        var parsed = QueueParser.ParseFile(_workspace.QueueFile);

        Assert.True(parsed.Queue is not null, string.Join('\n', parsed.Errors));
        var tasks = parsed.Queue.Tasks;
        Assert.Equal(10_000, tasks.Count);
        var once = tasks.Where(t => t.Command.Text.Contains("exit 75", StringComparison.Ordinal)).ToList();
        var forGood = tasks.Where(t => t.Command.Text == "exit 3").ToList();
        Assert.Equal(1_000, once.Count);
        Assert.Equal(7, forGood.Count);
        Assert.All(once, t => Assert.Equal(2, t.Retries));
        Assert.Equal(10_000 - 1_007, tasks.Count(t => t.Command.Text == "true"));
        // Every tenth of the queue (a simulated day of a ten-day soak) has its share of the failures.
        Assert.All(Enumerable.Range(0, 10), k => Assert.Equal(100, once.Count(t => Index(t) / 1_000 == k)));
    }

    private static int Index(TaskDefinition task) => int.Parse(task.Id[1..], System.Globalization.CultureInfo.InvariantCulture);

    private QueueDefinition Parse(QueueShape shape, int count)
    {
        BenchQueues.WriteMarkdown(_workspace.QueueFile, shape, count);
        var parsed = QueueParser.ParseFile(_workspace.QueueFile);
        Assert.True(parsed.Queue is not null, string.Join('\n', parsed.Errors));
        return parsed.Queue;
    }

    public void Dispose() => _workspace.Dispose();
}
