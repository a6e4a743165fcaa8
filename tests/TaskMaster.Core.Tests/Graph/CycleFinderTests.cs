using TaskMaster.Core.Graph;

namespace TaskMaster.Core.Tests.Graph;

public sealed class CycleFinderTests
{
    private static TaskGraph Graph(params string[][] dependencies) =>
        TaskGraph.Create(
            Enumerable.Range(0, dependencies.Length).Select(i => $"t{i}").ToArray(),
            i => dependencies[i],
            (_, id) => throw new ArgumentException(id));

    [Fact]
    public void FindCycles_Acyclic_FindsNone()
    {
        Assert.Empty(CycleFinder.FindCycles(Graph([], ["t0"], ["t0", "t1"])));
    }

    [Fact]
    public void FindCycles_SelfDependency_IsAPathOfOne()
    {
        var cycle = Assert.Single(CycleFinder.FindCycles(Graph([], ["t1"])));

        Assert.Equal([1], cycle.Path);
        Assert.Equal([1], cycle.Component);
    }

    [Fact]
    public void FindCycles_Triangle_StartsAtItsFirstTask()
    {
        var cycle = Assert.Single(CycleFinder.FindCycles(Graph(["t2"], ["t0"], ["t1"])));

        Assert.Equal([0, 2, 1], cycle.Path);
    }

    [Fact]
    public void FindCycles_TwoComponents_OneCycleEachInTaskOrder()
    {
        var cycles = CycleFinder.FindCycles(Graph(["t3"], ["t2"], ["t1"], ["t0"]));

        Assert.Equal([[0, 3], [1, 2]], cycles.Select(c => c.Path.ToArray()));
    }

    [Fact]
    public void FindCycles_TangledComponent_PathIsShortestAndComponentHasAll()
    {
        var cycle = Assert.Single(CycleFinder.FindCycles(Graph(["t1"], ["t2", "t0"], ["t1"])));

        Assert.Equal([0, 1], cycle.Path);
        Assert.Equal([0, 1, 2], cycle.Component);
    }

    [Fact]
    public void FindCycles_HundredThousandLongCycle_IsFoundWithoutRecursion()
    {
        const int length = 100_000;
        var graph = Graph(Enumerable.Range(0, length).Select(i => new[] { $"t{(i + 1) % length}" }).ToArray());

        var cycle = Assert.Single(CycleFinder.FindCycles(graph));

        Assert.Equal(Enumerable.Range(0, length), cycle.Path);
    }

    [Fact]
    public void FindCycles_HundredThousandLongChain_FindsNone()
    {
        var graph = Graph(Enumerable.Range(0, 100_000).Select(i => i == 0 ? Array.Empty<string>() : [$"t{i - 1}"]).ToArray());

        Assert.Empty(CycleFinder.FindCycles(graph));
    }
}
